"""The read-only JSON API under /api/, described by OpenAPI 3 at /api/openapi.json and
documented for people at /api/.

Built with django-ninja (`app.py`): the operations declare their parameters and answer
schemas (`schemas.py`), ninja checks both and generates the OpenAPI description from them,
so the description cannot drift from the code. Every error under /api/ is JSON, whoever
raised it (`middleware.py`), and GET answers carry CORS headers.
"""

# Items per page of the list endpoints.
PAGE_SIZE = 100
# One document answer holds at most this many paragraphs and (past the first paragraph)
# this many characters of their text; `paragraphs_next` gives the rest.
PARAGRAPHS_PER_RESPONSE = 1000
TEXT_PER_RESPONSE = 1_000_000
