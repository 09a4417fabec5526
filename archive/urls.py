# Placeholder routes so that reverse() works while the pages are being built (issue 3).
from django.urls import path, re_path

from . import views

app_name = "archive"

urlpatterns = [
    path("", views.home, name="home"),
    re_path(r"^documents/(?P<symbol>.+?)/$", views.document, name="document"),
    path("meetings/<str:slug>/", views.meeting, name="meeting"),
    path("briefers/<int:pk>/", views.briefer, name="briefer"),
    path("topics/<str:slug>/", views.topic, name="topic"),
]
