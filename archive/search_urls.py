# Placeholder: the search issue (4) fills this in.
app_name = "search"
urlpatterns = []
