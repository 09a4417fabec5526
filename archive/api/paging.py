"""Page-numbered lists, in the shape of the first version of the API: count, page, pages,
next and previous (absolute URLs keeping the other parameters) and results."""

from django.core.paginator import EmptyPage, Paginator
from django.utils.translation import gettext as _

from .errors import ApiError


def page_number(request):
    number = request.GET.get("page", "1")
    if not (number.isascii() and number.isdigit()) or int(number) < 1:
        raise ApiError(400, _("page must be a positive integer"))
    return int(number)


def paginated(request, queryset, serialize, per_page=None):
    """One page of `queryset` as a dict; `serialize(list of rows)` gives the results (it
    may fetch related rows for the whole page at once)."""
    from archive import api  # read at call time: tests change PAGE_SIZE

    number = page_number(request)
    paginator = Paginator(queryset, per_page or api.PAGE_SIZE)
    try:
        page = paginator.page(number)
    except EmptyPage:
        if number != 1:
            raise ApiError(404, _("There is no page %(page)s.") % {"page": number}) from None
        page = None

    def link(n):
        query = request.GET.copy()
        query["page"] = n
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    return {
        "count": paginator.count,
        "page": number,
        "pages": paginator.num_pages,
        "next": link(page.next_page_number()) if page and page.has_next() else None,
        "previous": link(page.previous_page_number()) if page and page.has_previous() else None,
        "results": serialize(list(page.object_list)) if page else [],
    }
