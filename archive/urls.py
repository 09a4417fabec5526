from django.urls import include, path, re_path

from . import views
from .api import app as api_app
from .api import docs as api_docs

app_name = "archive"

urlpatterns = [
    path("", views.home, name="home"),
    path("documents/", views.documents, name="documents"),
    re_path(r"^documents/(?P<symbol>[^\x00]+?)/$", views.document, name="document"),
    path("meetings/", views.meetings, name="meetings"),
    path("meetings/<str:slug>/", views.meeting, name="meeting"),
    path("years/<int:year>/", views.year, name="year"),
    path("briefers/", views.briefers, name="briefers"),
    path("briefers/<int:pk>/", views.briefer, name="briefer"),
    path("topics/", views.topics, name="topics"),
    re_path(r"^topics/(?P<slug>[^/\x00]+)/$", views.topic, name="topic"),
    # NUL never reaches the database (PostgreSQL refuses it): such paths are 404s.
    # JSON API (read-only, archive/api/). Errors are JSON too, including unknown paths
    # under api/ (archive.api.middleware).
    path("api/", api_docs.page, name="api_docs"),
    path("api/", include(api_app.urlpatterns())),
    re_path(r"^api/.*$", api_docs.not_found, name="api_not_found"),
]
