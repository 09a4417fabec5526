"""Which engine answers: the SEARCH_ENGINE setting, an alias of ENGINES or the dotted path
of a class implementing search.engines.base.Engine. One instance per process, made on
first use and forgotten when the setting changes (tests' override_settings)."""

import threading

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.module_loading import import_string

ENGINES = {
    "whoosh": "search.engines.whoosh.engine.WhooshEngine",
    "postgres": "search.engines.postgres.engine.PostgresEngine",
}
DEFAULT = "whoosh"

_lock = threading.Lock()
_engine = None


def engine_path(name: str | None = None) -> str:
    """SEARCH_ENGINE when set; else PostgreSQL's own search when the database is
    PostgreSQL (nothing to run beside it, and every web server shares it), else Whoosh."""
    name = name or getattr(settings, "SEARCH_ENGINE", None) or _default()
    return ENGINES.get(name, name)


def _default() -> str:
    engine = settings.DATABASES["default"]["ENGINE"]
    return "postgres" if "postgresql" in engine else DEFAULT


def get_engine():
    global _engine
    engine = _engine
    if engine is None:
        with _lock:
            if _engine is None:
                _engine = import_string(engine_path())()
            engine = _engine
    return engine


def reset_engine() -> None:
    global _engine
    _engine = None


@receiver(setting_changed)
def _setting_changed(setting, **kwargs):
    if setting in ("SEARCH_ENGINE", "HAYSTACK_CONNECTIONS"):
        reset_engine()
