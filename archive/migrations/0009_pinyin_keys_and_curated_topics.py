"""Briefers get their pinyin sort key; the topics made from meeting titles go (each was one
meeting's title with one meeting): topics are now the curated themes of
archive/data/topics.json, loaded and applied by `manage.py load_topics --apply`."""

from django.db import migrations

from archive.pinyin import sort_key


def forwards(apps, schema_editor):
    Briefer = apps.get_model("archive", "Briefer")
    rows = list(Briefer.objects.only("pk", "name"))
    for b in rows:
        b.sort_key = sort_key(b.name)
    Briefer.objects.bulk_update(rows, ["sort_key"], batch_size=500)
    Topic = apps.get_model("archive", "Topic")
    Topic.objects.filter(keywords="").delete()


class Migration(migrations.Migration):
    dependencies = [("archive", "0008_curated_topics")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
