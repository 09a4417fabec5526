"""The meetings timeline: one row per year, marks at their place in the year, drawn by the
template as inline SVG (no JavaScript).

Marks come from aggregate rows (one GROUP BY query), never from every meeting: the whole
archive is drawn by month (at most 13 marks a year), one year by day. A mark's size grows
with the number of meetings it stands for; it links to the meeting when it stands for
one, else to the page of the year's meeting list where its first meeting is.
"""

import datetime as dt
import math

from django.db.models import CharField, Count, Max, Min
from django.db.models.functions import Cast, Substr
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from .models import Meeting

LABEL_WIDTH = 48
UNDATED_X = 62
PLOT_LEFT = 78
PLOT_WIDTH = 660
ROW_HEIGHT = 26
TOP = 22
MONTH_STARTS = (0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365)
# Meetings per page of the year page; the marks link to the page holding their meeting.
YEAR_PAGE_SIZE = 100


def by_month(**filters):
    """The archive's meetings as (year, month or None, count, first kind, last kind) rows,
    in archive order (undated first in a year)."""
    rows = (
        Meeting.objects.filter(**filters)
        # the month as text: SQLite runs date functions (ExtractMonth) in Python, per row
        .annotate(month=Substr(Cast("date", CharField()), 6, 2))
        .values("year", "month")
        .annotate(n=Count("pk"), kind_min=Min("kind"), kind_max=Max("kind"))
        .order_by("year", "month")
    )
    # SQL sorts NULL first in SQLite, last in PostgreSQL: undated first either way.
    return sorted(
        (
            (
                r["year"],
                int(r["month"]) if r["month"] else None,
                r["n"],
                r["kind_min"],
                r["kind_max"],
            )
            for r in rows
        ),
        key=lambda r: (r[0], r[1] is not None, r[1] or 0),
    )


def by_day(year):
    """One year's meetings as (date or None, kind, count, first seq) rows, in order."""
    rows = (
        Meeting.objects.filter(year=year)
        .values("date", "kind")
        .annotate(n=Count("pk"), seq=Min("seq"))
        .order_by("date", "kind")
    )
    return sorted(
        ((r["date"], r["kind"], r["n"], r["seq"]) for r in rows),
        key=lambda r: (r[0] is not None, r[0] or dt.date.min, r[1]),
    )


def for_archive():
    """The timeline of every meeting, by month."""
    rows = by_month()
    if not rows:
        return None
    grid = _grid(rows[0][0], rows[-1][0], scale="month")
    before = {}  # meetings of the year listed before this month
    for year, month, n, kind_min, kind_max in rows:
        if month is None:
            x, when = UNDATED_X, str(year)
        else:
            x = _x((MONTH_STARTS[month - 1] + MONTH_STARTS[month]) / 2)
            when = f"{year}-{month:02d}"
        seen = before.get(year, 0)
        before[year] = seen + n
        _add_mark(
            grid,
            year,
            x=x,
            n=n,
            kind=kind_min if kind_min == kind_max else "mixed",
            when=when,
            url=_year_page_url(grid, year, seen),
        )
    _finish(grid)
    return grid


def for_year(year):
    """The timeline of one year, by day."""
    rows = by_day(year)
    if not rows:
        return None
    grid = _grid(year, year, scale="day")
    seen = 0
    stacked = {}  # marks already at this date: each next one is drawn a little higher
    for date, kind, n, seq in rows:
        if date:
            x, when = _x(date.timetuple().tm_yday - 1), f"{date:%Y-%m-%d}"
        else:
            x, when = UNDATED_X, str(year)
        lift = stacked.get(date, 0)
        stacked[date] = lift + 1
        if n == 1:
            url = Meeting(date=date, year=year, kind=kind, seq=seq).get_absolute_url()
        else:
            url = _year_page_url(grid, year, seen)
        seen += n
        _add_mark(grid, year, x=x, n=n, kind=kind, when=when, url=url, lift=lift * 5)
    _finish(grid)
    return grid


def _finish(grid):
    for row in grid["rows"]:
        row["marks_html"] = marks_html(row["marks"])


def _x(day_of_year):
    return PLOT_LEFT + round(day_of_year / 365 * PLOT_WIDTH, 1)


def _year_page_url(grid, year, meetings_before):
    url = grid["by_year"][year]["url"]  # reverse() once a year, not once a mark
    page = meetings_before // YEAR_PAGE_SIZE + 1
    return f"{url}?page={page}#meetings" if page > 1 else f"{url}#meetings"


def _add_mark(grid, year, *, x, n, kind, when, url, lift=0):
    row = grid["by_year"][year]
    row["count"] += n
    row["marks"].append(
        {
            "x": x,
            "y": row["y"] - lift,
            # area grows with the count; 6 (one meeting) to 11
            "r": round(min(11, 6 * math.sqrt(n) ** 0.5), 1),
            "n": n,
            "kind": kind,
            "when": when,
            "url": url,
        }
    )


def marks_html(marks):
    """The SVG of a row's marks. Built here, not in the template: some 350 marks at a few
    template nodes each made the home page's slowest part."""
    meetings = escape(gettext("meetings"))
    return mark_safe(
        "".join(
            f'<a href="{escape(m["url"])}" class="mark kind-{escape(m["kind"])}">'
            f'<circle cx="{m["x"]}" cy="{m["y"]}" r="{m["r"]}">'
            f"<title>{escape(m['when'])} · {m['n']} {meetings}</title></circle></a>"
            for m in marks
        )
    )


def _grid(first, last, scale):
    rows = {}
    for year in range(last, first - 1, -1):
        rows[year] = {
            "year": year,
            "y": TOP + (last - year) * ROW_HEIGHT + ROW_HEIGHT // 2,
            "url": reverse("archive:year", args=[year]),
            "marks": [],
            "count": 0,
        }
    months = [
        {"x": (x := _x(start)), "text_x": x + 2, "label": i + 1}
        for i, start in enumerate(MONTH_STARTS[:12])
    ]
    return {
        "width": PLOT_LEFT + PLOT_WIDTH + 12,
        "height": TOP + len(rows) * ROW_HEIGHT + 6,
        "rows": list(rows.values()),
        "by_year": rows,
        "months": months,
        "scale": scale,
        "label_x": LABEL_WIDTH - 6,
        "undated_x": UNDATED_X,
        "plot_left": PLOT_LEFT,
        "plot_right": PLOT_LEFT + PLOT_WIDTH,
    }
