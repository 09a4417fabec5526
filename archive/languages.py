"""Names of the UN's six official languages, for the document languages the archive
stores as codes (zh, en, ...)."""

from django.utils.translation import gettext_lazy as _

NAMES = {
    "zh": _("Chinese"),
    "en": _("English"),
    "fr": _("French"),
    "es": _("Spanish"),
    "ru": _("Russian"),
    "ar": _("Arabic"),
}


def language_name(code):
    """`zh` -> 中文 (Chinese in the English interface); an unknown code as it is."""
    return NAMES.get((code or "").lower(), code)
