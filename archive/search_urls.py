from django.urls import path

from . import search_views

app_name = "search"

urlpatterns = [
    path("search/", search_views.search_page, name="search"),
    path("api/search", search_views.api_search, name="api_search"),
]
