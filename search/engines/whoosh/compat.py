"""Whether the accelerated reading and writing may be used with the installed Whoosh.

The accelerated parts (writer.py, build.py, postings.py, arrays.py, matching.py,
index_view.py) read and write the bytes of whoosh-reloaded's W3 codec and use some of
its private names; they were tested against TESTED_VERSION only. With any other version
installed, the engine uses plain Whoosh (its own writer and matchers, slower, same
results) and logs why once. settings.SEARCH_WHOOSH_ACCELERATED = False forces plain Whoosh.
"""

import functools
import logging
from importlib import metadata

from django.conf import settings

log = logging.getLogger(__name__)

TESTED_VERSION = "2.7.5"


def installed_version() -> str:
    try:
        return metadata.version("whoosh-reloaded")
    except metadata.PackageNotFoundError:
        return ""


@functools.cache
def _version_ok() -> bool:
    version = installed_version()
    if version != TESTED_VERSION:
        log.warning(
            "whoosh-reloaded %s is installed, the accelerated search was tested with %s: "
            "using plain Whoosh",
            version or "(unknown)",
            TESTED_VERSION,
        )
        return False
    return True


def accelerated() -> bool:
    return getattr(settings, "SEARCH_WHOOSH_ACCELERATED", True) and _version_ok()
