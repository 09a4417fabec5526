from django.urls import path

from . import views

app_name = "editorial"

urlpatterns = [
    path("replace/", views.replace, name="replace"),
]
