"""The annex table of a Working Group report (`日期 通报人 主题`: one row per meeting) as an
HTML table: on the document page whole, on a meeting's page only that meeting's row.

The stored text is the table's text layer (a row starts with its date, cells wrap onto the
next lines); `ingest.parsers.annex_table.parse_table` reads it into rows, the same reading
ingest gives the meetings. A table it cannot read is shown as its text.
"""

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from ingest.parsers.annex_table import is_meeting_table, parse_table
from ingest.parsers.briefers import briefer_key

from ..links import briefer_url, meeting_url
from ..models import Briefer, Meeting


@dataclass
class TableLinks:
    """Where a row's date and names lead: meetings by (month, day), briefers by name key."""

    meetings: dict
    briefers: dict


def table_links(document, rows) -> TableLinks:
    """Two queries: the document's dated meetings and the briefers the rows name."""
    meetings = {}
    for m in Meeting.objects.filter(reports__document=document, date__isnull=False):
        meetings.setdefault((m.date.month, m.date.day), meeting_url(m))
    keys = {briefer_key(b.name) for row in rows for b in row.briefers} - {""}
    briefers = {b.name_key: briefer_url(b.pk) for b in Briefer.objects.filter(name_key__in=keys)}
    return TableLinks(meetings, briefers)


def rows_of(text):
    """The table's rows, or [] when it is not a meeting table or has no readable row."""
    return parse_table(text) if is_meeting_table(text) else []


def table_html(text, language, links, only=None):
    """`<table>` of the rows (only the row of the date `only`, a datetime.date, if given),
    or "" when the text is not a meeting table it can read."""
    rows = rows_of(text)
    if only is not None:
        rows = [r for r in rows if (r.month, r.day) == (only.month, only.day)]
    if not rows:
        return ""
    head = _header(text)
    out = [
        f'<table class="annex-table" lang="{escape(language)}"><thead><tr>'
        + "".join(f'<th scope="col">{escape(h)}</th>' for h in head)
        + "</tr></thead><tbody>"
    ]
    for row in rows:
        date = escape(_date(row, language))
        url = links.meetings.get((row.month, row.day))
        if url:
            date = f'<a href="{escape(url)}">{date}</a>'
        briefers = "".join(f"<li>{_briefer(b, links, language)}</li>" for b in row.briefers)
        out.append(
            f'<tr><th scope="row">{date}</th><td><ul class="table-briefers">{briefers}</ul></td>'
            f"<td>{escape(row.topic)}</td></tr>"
        )
    out.append("</tbody></table>")
    return mark_safe("".join(out))


def _header(text):
    """The printed column heads (`日期 通报人 主题`), or translated ones."""
    for line in text.splitlines():
        cells = line.split()
        if len(cells) == 3:
            return cells
        if line.strip():
            break
    return [gettext("Date"), gettext("Briefers"), gettext("Topic")]


def _date(row, language):
    if language.startswith("zh"):
        year = f"{row.year}年" if row.year else ""
        return f"{year}{row.month}月{row.day}日"
    months = (
        "January February March April May June July August September October November December"
    ).split()
    year = f" {row.year}" if row.year else ""
    return f"{row.day} {months[row.month - 1]}{year}"


def _briefer(briefer, links, language):
    name = escape(briefer.name)
    url = links.briefers.get(briefer_key(briefer.name))
    if url:
        name = f'<a href="{escape(url)}">{name}</a>'
    if briefer.honorific:
        name += escape(briefer.honorific if language.startswith("zh") else " " + briefer.honorific)
    if not briefer.role:
        return name
    role = escape(briefer.role)
    sep = "" if language.startswith("zh") else ", "
    # Chinese puts the role before the name (主管维持和平行动副秘书长苏和), English after it
    if language.startswith("zh"):
        return f'<span class="role">{role}</span>{name}'
    return f'{name}{sep}<span class="role">{role}</span>'
