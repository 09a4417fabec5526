"""The Whoosh engine: an index folder on this machine, written through django-haystack's
Whoosh backend (adapted to Chinese text and UN symbols), with an accelerated writer and
reader of whoosh-reloaded's W3 format (posting arrays beside each segment)."""
