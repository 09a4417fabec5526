from django.urls import path

from . import views

app_name = "ingest"

urlpatterns = [
    path("", views.upload, name="upload"),
    path("results/", views.results, name="results"),
    path("results/<int:pk>/", views.upload_result, name="upload_result"),
    path("source/<int:pk>/", views.source, name="source"),
]
