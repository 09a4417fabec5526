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


def has_rum(cursor) -> bool:
    cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'rum'")
    return cursor.fetchone() is not None


def create(cursor) -> None:
    """Create the table and its indexes if they are missing. RUM is used when the server
    has the extension (Debian: postgresql-NN-rum): it returns the best-ranked matches from
    the index itself, so a broad query's top 20 costs no more than a narrow one's."""
    cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'rum'")
    if cursor.fetchone() is not None:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS rum")
    cursor.execute(f"CREATE TABLE IF NOT EXISTS {TABLE} ({COLUMNS})")
    if has_rum(cursor):
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS {TABLE}_tsv ON {TABLE} USING rum (tsv rum_tsvector_ops)"
        )
    else:
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
