"""`{% corrected row "field" %}`: the small mark of a fact an editor corrected, with its
details (templates/includes/corrected.html). The archive's active corrections are read
once per page render (they are few, and the pages that show them are cached)."""

from django import template

from editorial import corrections

register = template.Library()

_MARKS = "_editorial_correction_marks"


@register.inclusion_tag("includes/corrected.html", takes_context=True)
def corrected(context, row, field):
    base = context.dicts[0]  # shared by the page and every template it includes
    if _MARKS not in base:
        base[_MARKS] = corrections.marks()
    target = corrections.TARGET_OF_MODEL.get(type(row))
    found = base[_MARKS].get((target, getattr(row, "pk", None), field)) if target else None
    return {"correction": found}
