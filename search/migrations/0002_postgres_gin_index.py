"""The entries' word index is GIN (search.engines.postgres.schema): an index of another
access method (RUM, used by an earlier version when the server had it) is replaced."""

from django.db import migrations


def replace_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from search.engines.postgres import schema

    with schema_editor.connection.cursor() as cursor:
        schema.create(cursor)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_postgres_entries")]

    operations = [migrations.RunPython(replace_index, migrations.RunPython.noop, elidable=False)]
