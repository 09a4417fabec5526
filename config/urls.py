from django.contrib import admin
from django.urls import include, path

from archive.views.site import favicon

urlpatterns = [
    path("favicon.ico", favicon, name="favicon"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("upload/", include("ingest.urls")),
    path("editorial/", include("editorial.urls")),
    path("", include("search.urls")),
    path("", include("archive.urls")),
]
