"""A long document's text in parts and pages, so that no page holds more than PAGE_SIZE
of its paragraphs: a million-paragraph document would otherwise make one page of tens of
megabytes and hold them in the worker.

A document of up to PAGE_SIZE paragraphs is one page. The parts of a longer one are the
main text (covering letter and body) and each annex: an annex begins
with its heading ("Annex I", "附件二": a level-1 heading in the annex part, as the parser
writes it). A part of more than PAGE_SIZE paragraphs is shown a page at a time
(`?part=2&page=3`). A paragraph on another page is reached through its permalink
(`/documents/SYMBOL/para/830/`, `paragraph` below), which redirects to its page.
"""

import math
import re
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Count, Max, Min, Q
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext, pgettext
from django.views.decorators.http import require_safe

from ingest.parsers.symbols import normalize_symbol

from .. import queries

PAGE_SIZE = 500  # paragraphs of one part on one page
MAX_PARTS = 50  # annexes past this many are shown with the last one
ANNEX_HEADING = re.compile(r"^\s*(?:附件|附录|annex|appendix|enclosure)", re.IGNORECASE)


@dataclass
class Part:
    number: int  # 1-based, as in ?part=
    label: str
    first: int  # orders of its first and last paragraphs
    last: int
    rows: int = 0

    @property
    def pages(self):
        return max(1, math.ceil(self.rows / PAGE_SIZE))


def text_parts(doc) -> list[Part]:
    """The document's parts, in order, with their sizes: three queries, on the
    (document, order) index, whatever the document's length."""
    span = doc.paragraphs.aggregate(
        first=Min("order"),
        last=Max("order"),
        annex=Min("order", filter=Q(part="annex")),
        rows=Count("pk"),
    )
    if span["first"] is None:
        return []
    if span["rows"] <= PAGE_SIZE:  # a document of ordinary length: one page, annexes too
        return [
            Part(1, pgettext("document part", "Text"), span["first"], span["last"], span["rows"])
        ]
    headings = doc.paragraphs.filter(part="annex", kind="heading", level=1).order_by("order")
    starts = {o for o, text in headings.values_list("order", "text")[:500] if _annex(text)}
    if span["annex"] is not None:
        starts.add(span["annex"])
    starts = sorted(s for s in starts if s > span["first"])[: MAX_PARTS - 1]
    bounds = [span["first"], *starts, span["last"] + 1]
    parts = []
    for i, (first, after) in enumerate(zip(bounds, bounds[1:], strict=False), start=1):
        label = (
            pgettext("document part", "Text") if i == 1 else gettext("Annex %(n)s") % {"n": i - 1}
        )
        parts.append(Part(i, label, first, after - 1))
    counts = doc.paragraphs.aggregate(
        **{
            f"n{p.number}": Count("pk", filter=Q(order__gte=p.first, order__lte=p.last))
            for p in parts
        }
    )
    for p in parts:
        p.rows = counts[f"n{p.number}"]
    return parts


def _annex(text):
    return bool(ANNEX_HEADING.match(text[:40]))


def choose(parts, part_param, page_param):
    """(part, page number) asked for, or the nearest that exists."""
    if not parts:
        return None, 1
    part = parts[min(max(_int(part_param), 1), len(parts)) - 1]
    return part, min(max(_int(page_param), 1), part.pages)


def _int(value):
    value = (value or "").strip()
    return int(value) if value.isdigit() and len(value) < 9 else 1


def page_of(part, number):
    """A Django Page over the part's rows (for the pagination links)."""
    return Paginator(range(part.rows), PAGE_SIZE).get_page(number)


def page_rows(doc, part, number):
    """The rows of one page of a part, in order."""
    start = (number - 1) * PAGE_SIZE
    rows = doc.paragraphs.filter(order__gte=part.first, order__lte=part.last).order_by("order")
    return rows.values_list("kind", "number", "level", "anchor", "text", "part", named=True)[
        start : start + PAGE_SIZE
    ]


def where(doc, anchor):
    """(part, page) of the paragraph with this anchor, or None."""
    order = doc.paragraphs.filter(anchor=anchor).values_list("order", flat=True).first()
    if order is None:
        return None
    for part in text_parts(doc):
        if part.first <= order <= part.last:
            before = doc.paragraphs.filter(order__gte=part.first, order__lt=order).count()
            return part.number, before // PAGE_SIZE + 1
    return None


def page_url(doc, part_number, page, lang=None, anchor=""):
    params = [("lang", lang)] if lang else []
    if part_number > 1:
        params.append(("part", part_number))
    if page > 1:
        params.append(("page", page))
    query = "&".join(f"{k}={v}" for k, v in params)
    url = doc.get_absolute_url() + (f"?{query}" if query else "")
    return f"{url}#{anchor}" if anchor else url


@require_safe
def paragraph(request, symbol, anchor):
    """A paragraph's permalink: its page of the document, at its anchor. A bare number
    is the numbered paragraph of the main text (830 -> p830)."""
    key = normalize_symbol(symbol)
    versions = queries.document_versions(key) if key else []
    anchor = f"p{anchor}" if anchor.isdigit() else anchor
    lang = request.GET.get("lang")
    if versions:
        doc = queries.pick_version(versions, lang)
        found = where(doc, anchor)
        if found:
            part, page = found
            return redirect(page_url(doc, part, page, lang, anchor))
    raise Http404(f"no paragraph {anchor} in {symbol}")
