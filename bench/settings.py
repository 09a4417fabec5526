"""Settings of the server the benchmark starts: the project's, plus bench-only URLs."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
