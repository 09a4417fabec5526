from django.urls import path, re_path

from . import api, views

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
    # JSON API (read-only). Errors are JSON too, including unknown paths under api/.
    re_path(r"^api/documents/(?P<symbol>[^\x00]+)$", api.document, name="api_document"),
    re_path(r"^api/meetings/?$", api.meetings, name="api_meetings"),
    re_path(r"^api/briefers/?$", api.briefers, name="api_briefers"),
    re_path(r"^api/.*$", api.not_found, name="api_not_found"),
]
