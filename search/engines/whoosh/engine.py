"""search.engines.base.Engine on Whoosh (through haystack's "default" connection)."""

from django.utils.safestring import mark_safe

from ..base import Hit, IndexCheck, ResultPage, SearchRequest
from . import maintenance


def _backend():
    from haystack import connections

    return connections["default"].get_backend()


class WhooshEngine:
    name = "whoosh"

    def search(self, request: SearchRequest) -> ResultPage:
        raw = _backend().run_search(
            request.query,
            page=request.page,
            per_page=request.per_page,
            filters=request.filters,
            sort=request.sort,
            facets=request.facets,
            symbol_prefix=request.symbol_prefix,
        )
        hits = [
            Hit(
                type=h["type"],
                symbol=h.get("display_symbol") or "",
                paragraph=h.get("number") or "",
                title=h.get("title") or "",
                date=h["date"].date() if h.get("date") else None,
                url=h.get("url") or "",
                snippet=mark_safe(h["snippet"]),
                score=h["score"],
            )
            for h in raw["hits"]
        ]
        return ResultPage(
            hits=hits,
            count=raw["count"],
            facets=raw["facets"],
            approximate=raw.get("approximate", False),
        )

    def index_documents(self, document_ids) -> None:
        for document_id in document_ids:
            maintenance.update_document_index(document_id)

    def remove_documents(self, document_ids) -> None:
        for document_id in document_ids:
            maintenance.remove_document_index(document_id)

    def index_objects(self, objects) -> None:
        maintenance.index_objects(objects)

    def rebuild(self, *, procs: int = 1, if_needed: bool = False) -> int | None:
        if if_needed and not _backend().needs_rebuild():
            return None
        return maintenance.rebuild_index(procs=procs)

    def check(self) -> IndexCheck:
        return maintenance.check_index()

    def fix(self, check: IndexCheck) -> None:
        maintenance.fix_index(check)

    def clear_caches(self) -> None:
        _backend().clear_query_caches()
