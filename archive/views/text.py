"""The full text of a document as HTML, built in Python.

The same markup as a template loop would give, but a 500-paragraph document has some
25,000 template nodes to render, and the template engine spent ~85% of the page's time
on them (about 0.4 ms per paragraph). Here each paragraph is one format string.
Everything from the text is escaped (`link_symbols` escapes and links symbols).
"""

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from ..links import link_symbols


def _cite_label(symbol, number):
    return gettext("%(symbol)s, para. %(number)s") % {"symbol": symbol, "number": number}


def text_html(doc, body):
    """The paragraphs and headings of `body` (footnotes are rendered by the template)."""
    ui = escape(get_language() or "")
    permalink = escape(gettext("Permalink"))
    cite = escape(gettext("cite"))
    out = []
    for p in body:
        anchor = escape(p.anchor)
        text = link_symbols(p.text)
        number = escape(p.number)
        if p.kind == "heading":
            num = f'<span class="num">{number}.</span> ' if p.number else ""
            out.append(f'<h3 id="{anchor}" class="heading level-{p.level}">{num}{text}</h3>')
            continue
        num = ""
        if p.number:
            dot = "." if p.kind == "paragraph" else ""
            num = f'<span class="num">{number}{dot}</span>'
        label = ""
        if p.kind == "paragraph" and p.number:
            value = escape(_cite_label(doc.symbol, p.number))
            label = (
                f'<a class="cite" href="#{anchor}" data-cite="{value}" title="{value}">'
                f'{cite}<span class="cite-text">{value}</span></a>'
            )
        out.append(
            f'<div id="{anchor}" class="para kind-{escape(p.kind)}">{num}<p>{text}</p>'
            f'<span class="para-tools" lang="{ui}">'
            f'<a class="permalink" href="#{anchor}" title="{permalink}">¶</a>{label}'
            "</span></div>"
        )
    return mark_safe("\n".join(out))
