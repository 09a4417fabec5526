"""Symbols the archive's documents cite but does not hold: they have pages too (the
document page of a cited symbol lists who cites it), so a listing of a series of
symbols (`S/2016/`) shows them after the documents. From the database: the same for
every engine."""

from django.db.models import Count
from django.utils.html import escape
from django.utils.translation import ngettext

from ingest.parsers.symbols import typed_joint_parts

from .engines.base import Hit


def cited_only(prefix: str) -> list[tuple[str, int]]:
    """(symbol, number of documents citing it), by symbol, for the cited symbols under
    `prefix` that no document of the archive bears (as a symbol or part of a joint one)."""
    from archive.models import Citation, DocumentSymbol

    held = set()
    for symbol in DocumentSymbol.objects.filter(symbol__contains=prefix).values_list(
        "symbol", flat=True
    ):
        held.update([symbol, *typed_joint_parts(symbol)])
    rows = (
        Citation.objects.filter(symbol__startswith=prefix)
        .values("symbol")
        .annotate(n=Count("document", distinct=True))
        .order_by("symbol")
    )
    return [(row["symbol"], row["n"]) for row in rows if row["symbol"] not in held]


def hit(symbol: str, citing: int) -> Hit:
    from archive.links import document_url

    text = ngettext(
        "Cited by %(n)s document of the archive; not in the archive itself.",
        "Cited by %(n)s documents of the archive; not in the archive itself.",
        citing,
    ) % {"n": citing}
    return Hit(
        type="document",
        symbol=symbol,
        paragraph="",
        title="",
        date=None,
        url=document_url(symbol),
        snippet=escape(text),
        score=0.0,
    )
