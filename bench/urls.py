"""The project's URLs plus the benchmark's references, served only by `manage.py bench`.

/__bench/constant: the framework's floor (middleware, URL resolving, a constant response).
/__bench/icontains?q=: the naive search, a database `icontains` scan (top 20 and count).
"""

from django.http import HttpResponse
from django.urls import include, path

from config.urls import urlpatterns as project_urls


def constant(request):
    return HttpResponse("ok", content_type="text/plain")


def icontains(request):
    from search.management.commands.bench_search import icontains_scan

    _, count = icontains_scan(request.GET.get("q", ""))
    return HttpResponse(str(count), content_type="text/plain")


urlpatterns = [
    path("__bench/constant", constant),
    path("__bench/icontains", icontains),
    path("", include(project_urls)),
]
