"""Geometry of the meetings timeline: one row per year, one mark per meeting at its
day of the year. The template draws it as inline SVG (no JavaScript)."""

from django.urls import reverse

LABEL_WIDTH = 48
UNDATED_X = 62
PLOT_LEFT = 78
PLOT_WIDTH = 660
ROW_HEIGHT = 26
TOP = 22


def build(meetings):
    """Rows, marks and month ticks for these meetings; None when there are none."""
    if not meetings:
        return None
    first = min(m.year for m in meetings)
    last = max(m.year for m in meetings)
    rows = {}
    for year in range(last, first - 1, -1):
        y = TOP + (last - year) * ROW_HEIGHT + ROW_HEIGHT // 2
        rows[year] = {
            "year": year,
            "y": y,
            "url": reverse("archive:year", args=[year]),
            "marks": [],
            "count": 0,
        }
    for m in meetings:
        row = rows[m.year]
        row["count"] += 1
        if m.date:
            day = m.date.timetuple().tm_yday
            x = PLOT_LEFT + round((day - 1) / 365 * PLOT_WIDTH, 1)
        else:
            x = UNDATED_X
        offset = (m.seq - 1) * 5
        row["marks"].append({"x": x, "y": row["y"] - offset, "meeting": m})
    months = [
        {
            "x": (x := PLOT_LEFT + round(start / 365 * PLOT_WIDTH, 1)),
            "text_x": x + 2,
            "label": i + 1,
        }
        for i, start in enumerate((0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334))
    ]
    return {
        "width": PLOT_LEFT + PLOT_WIDTH + 12,
        "height": TOP + len(rows) * ROW_HEIGHT + 6,
        "rows": list(rows.values()),
        "months": months,
        "label_x": LABEL_WIDTH - 6,
        "undated_x": UNDATED_X,
        "plot_left": PLOT_LEFT,
        "plot_right": PLOT_LEFT + PLOT_WIDTH,
    }
