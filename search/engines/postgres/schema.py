"""The entries table. Created by the search app's migration on PostgreSQL only (other
databases never hold it), and by `ensure()` for a database migrated before the engine
existed."""

from django.db import connection

TABLE = "search_entry"

COLUMNS = """
    id text PRIMARY KEY,
    type text NOT NULL,
    obj_id bigint NOT NULL,
    doc_ids bigint[] NOT NULL DEFAULT '{}',
    symbols text[] NOT NULL DEFAULT '{}',
    cites text[] NOT NULL DEFAULT '{}',
    doc_type text NOT NULL DEFAULT '',
    organ text NOT NULL DEFAULT '',
    language text NOT NULL DEFAULT '',
    year text NOT NULL DEFAULT '',
    date date,
    title text NOT NULL DEFAULT '',
    display_symbol text NOT NULL DEFAULT '',
    number text NOT NULL DEFAULT '',
    url text NOT NULL DEFAULT '',
    digest text NOT NULL DEFAULT '',
    body text NOT NULL DEFAULT '',
    tsv tsvector NOT NULL
"""


def word_index_method(cursor) -> str | None:
    """The access method of the words' index (gin), or None when there is none."""
    cursor.execute(
        "SELECT am.amname FROM pg_class c JOIN pg_am am ON am.oid = c.relam "
        "WHERE c.relname = %s AND c.relkind = 'i'",
        [f"{TABLE}_tsv"],
    )
    found = cursor.fetchone()
    return found[0] if found else None


def create(cursor) -> None:
    """Create the table and its indexes if they are missing. The words are indexed with
    GIN, PostgreSQL's own: an earlier version used the RUM extension when the server had
    it, and RUM 1.3 crashes the server process on an AND of prefixes (`'的':* & '和':*`),
    which an anonymous search can send; such an index is replaced."""
    cursor.execute(f"CREATE TABLE IF NOT EXISTS {TABLE} ({COLUMNS})")
    if word_index_method(cursor) not in (None, "gin"):
        cursor.execute(f"DROP INDEX {TABLE}_tsv")
    cursor.execute(f"CREATE INDEX IF NOT EXISTS {TABLE}_tsv ON {TABLE} USING gin (tsv)")
    cursor.execute(f"CREATE INDEX IF NOT EXISTS {TABLE}_doc_ids ON {TABLE} USING gin (doc_ids)")
    cursor.execute(f"CREATE INDEX IF NOT EXISTS {TABLE}_date ON {TABLE} (date DESC NULLS LAST)")


def drop(cursor) -> None:
    cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")


def ensure() -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        create(cursor)
