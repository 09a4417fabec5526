from django.urls import include, path, re_path

from . import feeds, views
from .api import app as api_app
from .api import docs as api_docs
from .views import cite, exports

app_name = "archive"

urlpatterns = [
    path("", views.home, name="home"),
    path("documents/", views.documents, name="documents"),
    re_path(
        r"^documents/(?P<symbol>[^\x00]+?)/para/(?P<anchor>[^/\x00]+)/?$",
        views.paragraph,
        name="paragraph",
    ),
    re_path(r"^documents/(?P<symbol>[^\x00]+?)/$", views.document, name="document"),
    path("meetings/", views.meetings, name="meetings"),
    path("meetings/<str:slug>/", views.meeting, name="meeting"),
    path("years/<int:year>/", views.year, name="year"),
    path("briefers/", views.briefers, name="briefers"),
    path("briefers/<int:pk>/", views.briefer, name="briefer"),
    path("topics/", views.topics, name="topics"),
    re_path(r"^topics/(?P<slug>[^/\x00]+)/$", views.topic, name="topic"),
    re_path(
        r"^exports/(?P<kind>meetings|briefings|recommendations|documents)\.(?P<fmt>csv|json)$",
        exports.export,
        name="export",
    ),
    re_path(r"^exports/search\.(?P<fmt>csv|json)$", exports.search_export, name="search_export"),
    path("feeds/documents/", feeds.LatestDocumentsFeed(), name="feed_documents"),
    path("feeds/meetings/", feeds.LatestMeetingsFeed(), name="feed_meetings"),
    path("feeds/briefers/<int:pk>/", feeds.BrieferFeed(), name="feed_briefer"),
    re_path(r"^feeds/topics/(?P<slug>[^/\x00]+)/$", feeds.TopicFeed(), name="feed_topic"),
    path("feeds/search/", feeds.SearchFeed(), name="feed_search"),
    path("cite/", cite.download, name="cite"),
    # NUL never reaches the database (PostgreSQL refuses it): such paths are 404s.
    # JSON API (read-only, archive/api/). Errors are JSON too, including unknown paths
    # under api/ (archive.api.middleware).
    path("api/", api_docs.page, name="api_docs"),
    path("api/", include(api_app.urlpatterns())),
    re_path(r"^api/.*$", api_docs.not_found, name="api_not_found"),
]
