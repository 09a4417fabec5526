# Placeholder: the upload issue (5) fills this in.
app_name = "ingest"
urlpatterns = []
