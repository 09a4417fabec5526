"""Index entries as table rows: what each entry holds comes from the search indexes'
`prepare()` (search.search_indexes, shared with every engine); this module only turns it
into a row with its tsvector."""

import hashlib
import json

from haystack.constants import DJANGO_CT, DJANGO_ID, ID

from search.analysis import index_terms

from .schema import TABLE

# PostgreSQL's own limits: positions above 16383 are stored as 16383, a lexeme keeps at
# most 256 positions and is at most 2047 bytes, a tsvector at most 1 MB. An entry past
# them keeps its first lexemes; its text stays whole for snippets.
MAX_POSITION = 16383
MAX_POSITIONS = 256
MAX_LEXEME_BYTES = 2046
MAX_TSVECTOR_CHARS = 600_000

SYMBOL_PREFIX = "s:"
CITES_PREFIX = "c:"

FIELDS = (
    "id",
    "type",
    "obj_id",
    "doc_ids",
    "symbols",
    "cites",
    "doc_type",
    "organ",
    "language",
    "year",
    "date",
    "title",
    "display_symbol",
    "number",
    "url",
    "digest",
    "body",
    "tsv",
)
INSERT = (
    f"INSERT INTO {TABLE} ({', '.join(FIELDS)}) VALUES "
    f"({', '.join(['%s'] * (len(FIELDS) - 1))}, %s::tsvector)"
)


def _quote(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_literal(text: str, symbols=(), cites=()) -> str:
    parts, size = [], 0
    for term, positions in index_terms(text).items():
        if len(term.encode()) > MAX_LEXEME_BYTES:
            continue
        where = ",".join(str(min(p + 1, MAX_POSITION)) for p in positions[:MAX_POSITIONS])
        part = f"{_quote(term)}:{where}"
        size += len(part) + 1
        if size > MAX_TSVECTOR_CHARS:
            break
        parts.append(part)
    parts += [_quote(SYMBOL_PREFIX + s) for s in symbols if s]
    parts += [_quote(CITES_PREFIX + s) for s in cites if s]
    return " ".join(parts)


def digest(data: dict) -> str:
    """What the entry holds, as one value: check() compares it with the database's."""
    payload = json.dumps(data, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha1(payload.encode()).hexdigest()


def row(data: dict) -> tuple:
    """One table row from a prepared entry (search.search_indexes' `prepare()`)."""
    text = data.get("text") or ""
    symbols = list(data.get("symbol") or [])
    cites = list(data.get("cites") or [])
    return (
        data[ID],
        data[DJANGO_CT].split(".", 1)[1],
        int(data[DJANGO_ID]),
        [int(d) for d in data.get("doc_ids") or []],
        symbols,
        cites,
        data.get("doc_type") or "",
        data.get("organ") or "",
        data.get("language") or "",
        data.get("year") or "",
        data.get("date"),
        data.get("title") or "",
        data.get("display_symbol") or "",
        data.get("number") or "",
        data.get("url") or "",
        digest(data),
        text,
        tsvector_literal(text, symbols, cites),
    )


def prepared(index, obj) -> dict:
    data = dict(index.prepare(obj))
    return data


def write(cursor, rows) -> int:
    """Insert or replace rows; returns how many."""
    rows = list(rows)
    if not rows:
        return 0
    cursor.execute(f"DELETE FROM {TABLE} WHERE id = ANY(%s)", [[r[0] for r in rows]])
    cursor.executemany(INSERT, rows)
    return len(rows)
