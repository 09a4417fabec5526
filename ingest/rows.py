"""Plain multi-row INSERTs for the tables a bulk ingest fills fastest (paragraphs,
citations, a meeting report's paragraphs).

`bulk_create` spends most of a document's save time building model instances and
preparing each value through its field (about 0.1 ms a row). These rows are only
strings, integers and NULLs, which the database driver takes as they are, so they go
straight to `executemany` inside the caller's transaction. No model signals are sent
(bulk_create sends none either).
"""

from __future__ import annotations

from django.db import connection

_PLAIN = (str, int, type(None))


def insert_rows(model, fields: list[str], rows: list[tuple]) -> None:
    """INSERT `rows` (tuples of values for `fields`, in that order) into `model`'s table.
    A value that is not a string, an integer or None is refused: it would need its
    field's conversion, which only the ORM does."""
    if not rows:
        return
    columns = [model._meta.get_field(name).column for name in fields]
    for row in rows:
        if len(row) != len(columns) or not all(isinstance(v, _PLAIN) for v in row):
            raise TypeError(f"insert_rows({model.__name__}): not a plain row: {row!r}")
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(map(quote, columns))}) "
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def column_values(model, key: str, value: str, where: str, equals) -> dict:
    """{row[key]: row[value]} of `model`'s rows whose `where` field equals `equals`."""
    quote = connection.ops.quote_name
    meta = model._meta
    key, value, where = (quote(meta.get_field(n).column) for n in (key, value, where))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {key}, {value} FROM {quote(meta.db_table)} WHERE {where} = %s", [equals]
        )
        return dict(cursor.fetchall())
