"""search.engines.base.Engine inside PostgreSQL (search.engines.postgres)."""

import time

from django.db import DatabaseError, connection, transaction
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from search._syntax import highlight_units, parse_query
from search.analysis import highlight

from ..base import Hit, IndexCheck, QueryTooBroad, ResultPage, SearchRequest, SearchUnavailable
from . import maintenance
from .query import Translation, symbol_prefix_query
from .schema import TABLE

# Counts and facets stop at this many matches (the answer says "about"); no query
# reads more rows than that to count. Ranking reads each match's tsvector: past this
# many matches the ranked order is that of the first COUNT_CAP matches (approximate).
COUNT_CAP = 10_000
# The last guard (the plan is query.Translation's limits): all of one search's
# statements share this budget, a little under the 1 s a search may take in all.
DEADLINE_MS = 900
FACET_COLUMNS = {"type": "type", "doc_type": "doc_type", "year": "year"}
FACET_COLUMNS.update(organ="organ", language="language")
HIT_COLUMNS = "id, type, display_symbol, number, title, date, url, body"


def _too_slow():
    return QueryTooBroad(
        _("too broad: the query took more than %(seconds)s s; use more specific words.")
        % {"seconds": f"{DEADLINE_MS / 1000:g}"}
    )


class _Budget:
    """A cursor whose statements share one deadline: each runs with what is left of it
    as its statement_timeout."""

    def __init__(self, cursor):
        self.cursor = cursor
        self.end = time.monotonic() + DEADLINE_MS / 1000

    def execute(self, sql, params=None):
        left = int((self.end - time.monotonic()) * 1000)
        if left <= 0:
            raise _too_slow()
        self.cursor.execute(f"SET LOCAL statement_timeout = {left}")
        self.cursor.execute(sql, params)

    def fetchone(self):
        return self.cursor.fetchone()

    def fetchall(self):
        return self.cursor.fetchall()


def _grouping_sql(columns, source):
    """Each facet column's counts over `source` and, as the empty grouping set, the
    total: rows of (values..., GROUPING(), count) that PostgresEngine._groups reads."""
    if not columns:
        return f"SELECT 0 AS g, count(*) AS n FROM {source}"
    listed = ", ".join(columns)
    sets = ", ".join(f"({c})" for c in columns)
    return (
        f"SELECT {listed}, GROUPING({listed}) AS g, count(*) AS n FROM {source} "
        f"GROUP BY GROUPING SETS ({sets}, ())"
    )


class PostgresEngine:
    name = "postgres"
    # Entries are written in the caller's transaction: a document and its entries
    # commit (or roll back) together.
    transactional = True

    # --- reading ------------------------------------------------------------------

    def search(self, request: SearchRequest) -> ResultPage:
        if request.symbol_prefix:
            query, units = None, []
            # A listing: a symbol's rank says nothing, and ts_rank would read each whole
            # document's tsvector.
            tsquery, rank = symbol_prefix_query(request.symbol_prefix), None
            filters = {**request.filters, "type": "document"}
        else:
            # One query language, whatever the engine (search._syntax).
            query = parse_query(request.query)
            translation = Translation(query)
            tsquery, rank = translation.tsquery, translation.rank
            units = highlight_units(query)
            filters = request.filters
            if not translation.positive or not translation.text_words:
                rank = None  # nothing to rank by (a negation, symbols only): table order
        where = ["tsv @@ %s::tsquery"]
        params = [tsquery]
        for name, value in sorted(filters.items()):
            where.append(f"{FACET_COLUMNS[name]} = %s")
            params.append(value)
        where_sql = " AND ".join(where)
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                return self._search(_Budget(cursor), request, where_sql, params, rank, units)
        except DatabaseError as exc:
            if "statement timeout" in str(exc) or "canceling statement" in str(exc):
                raise _too_slow() from exc
            if "does not exist" in str(exc):
                raise SearchUnavailable(
                    _("The search index has not been built yet (run manage.py rebuild_index).")
                ) from exc
            raise

    def _search(self, cursor, request, where_sql, params, rank, units):
        offset = (request.page - 1) * request.per_page
        if request.sort == "date":
            # Newest first over every match (not the first COUNT_CAP): the date index.
            count, facets = self._count(cursor, request.facets, where_sql, params)
            hits = []
            if offset < count:
                cursor.execute(
                    f"SELECT {HIT_COLUMNS}, 0.0 FROM {TABLE} WHERE {where_sql} "
                    f"ORDER BY date DESC NULLS LAST, id LIMIT %s OFFSET %s",
                    [*params, request.per_page, offset],
                )
                hits = [self._hit(row, units) for row in cursor.fetchall()]
        else:
            count, facets, hits = self._ranked(cursor, request, where_sql, params, rank, units)
        return ResultPage(
            hits=hits, count=min(count, COUNT_CAP), facets=facets, approximate=count > COUNT_CAP
        )

    def _ranked(self, cursor, request, where_sql, params, rank, units):
        """One statement, one read of the matches (up to COUNT_CAP + 1 of them): their
        count, the facets' counts and the page of hits ranked among them (by id when
        there is nothing to rank by)."""
        columns = [FACET_COLUMNS[name] for name in request.facets]
        kept = ", ".join(["id", "tsv", *columns])
        groups = _grouping_sql(columns, "m")
        score = "0.0::real" if rank is None else "ts_rank(tsv, %s::tsquery)"
        score_params = [] if rank is None else [rank]
        hit_columns = ", ".join(f"e.{c.strip()}" for c in HIT_COLUMNS.split(","))
        cursor.execute(
            f"WITH m AS MATERIALIZED (SELECT {kept} FROM {TABLE} WHERE {where_sql} "
            f"LIMIT {COUNT_CAP + 1}), "
            f"g AS ({groups}), "
            f"r AS (SELECT id, {score} AS score FROM m ORDER BY score DESC, id "
            f"LIMIT %s OFFSET %s) "
            f"SELECT (SELECT json_agg(json_build_array({', '.join([*columns, 'g', 'n'])})) "
            f"FROM g), {hit_columns}, r.score "
            f"FROM (SELECT 1) AS one LEFT JOIN (r JOIN {TABLE} e ON e.id = r.id) ON true "
            f"ORDER BY r.score DESC, r.id",
            [*params, *score_params, request.per_page, (request.page - 1) * request.per_page],
        )
        rows = cursor.fetchall()
        count, facets = self._groups(request.facets, rows[0][0] or [])
        hits = [self._hit(row[1:], units) for row in rows if row[1] is not None]
        return count, facets, hits

    @classmethod
    def _count(cls, cursor, names, where_sql, params):
        """The number of matches (up to COUNT_CAP + 1) and the facets' counts over them,
        from one read of the matches: the empty grouping set is the total."""
        columns = [FACET_COLUMNS[name] for name in names]
        capped = (
            f"SELECT {', '.join(columns) or '1'} FROM {TABLE} WHERE {where_sql} "
            f"LIMIT {COUNT_CAP + 1}"
        )
        cursor.execute(_grouping_sql(columns, f"({capped}) AS m"), params)
        return cls._groups(names, cursor.fetchall())

    @staticmethod
    def _groups(names, rows):
        """(count, facets) from grouping-set rows: each facet's values, GROUPING(), n."""
        facets = {name: [] for name in names}
        full = (1 << len(names)) - 1
        count = 0
        for row in rows:
            values, grouping, n = row[: len(names)], row[-2], row[-1]
            if grouping == full:  # the empty set: every match
                count = n
                continue
            for i, name in enumerate(names):
                # GROUPING() sets bit (len-1-i) when column i is NOT grouped in this row.
                if not grouping & (1 << (len(names) - 1 - i)) and values[i]:
                    facets[name].append((values[i], n))
        for name in names:
            facets[name].sort(key=lambda item: (-item[1], item[0]))
        return count, facets

    @staticmethod
    def _hit(row, units):
        ident, kind, symbol, number, title, day, url, body, score = row
        return Hit(
            type=kind,
            symbol=symbol,
            paragraph=number,
            title=title,
            date=day,
            url=url,
            snippet=mark_safe(highlight(body, units)),
            score=float(score or 0.0),
        )

    # --- writing ------------------------------------------------------------------

    def index_documents(self, document_ids) -> None:
        maintenance.reindex_documents(list(document_ids), with_documents=True)

    def remove_documents(self, document_ids) -> None:
        maintenance.reindex_documents(list(document_ids), with_documents=False)

    def index_objects(self, objects) -> None:
        maintenance.index_objects(objects)

    def rebuild(self, *, procs: int = 1, if_needed: bool = False) -> int | None:
        if if_needed and not maintenance.needs_rebuild():
            return None
        return maintenance.rebuild()

    def check(self) -> IndexCheck:
        return maintenance.check()

    def fix(self, check: IndexCheck) -> None:
        maintenance.fix(check)

    def clear_caches(self) -> None:
        """Nothing is cached in the process: PostgreSQL keeps its own buffers."""
