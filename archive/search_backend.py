# Placeholder until the search issue (4) lands: the stock Whoosh engine.
from haystack.backends.whoosh_backend import WhooshEngine as ChineseWhooshEngine  # noqa: F401
