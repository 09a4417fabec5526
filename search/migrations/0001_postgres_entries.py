"""The PostgreSQL engine's entries table (search.engines.postgres.schema), on PostgreSQL
only: on other databases this migration does nothing."""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from search.engines.postgres import schema

    with schema_editor.connection.cursor() as cursor:
        schema.create(cursor)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from search.engines.postgres import schema

    with schema_editor.connection.cursor() as cursor:
        schema.drop(cursor)


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(create, drop, elidable=False)]
