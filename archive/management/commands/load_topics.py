"""Load the curated topics (archive/data/topics.json) and apply the topic rules.

manage.py load_topics            # add the topics the database lacks (editors' changes kept)
manage.py load_topics --update   # also reset names and keywords to the file's
manage.py load_topics --apply    # then assign topics to every meeting and paragraph again
manage.py load_topics --apply-if-created   # apply only when topics were added (dev.py)
"""

from django.core.management.base import BaseCommand

from archive import topics


class Command(BaseCommand):
    help = "Load the curated topics and (with --apply) assign them by their rules."

    def add_arguments(self, parser):
        parser.add_argument("--update", action="store_true", help="overwrite names, keywords")
        parser.add_argument("--apply", action="store_true", help="apply the rules to everything")
        parser.add_argument("--apply-if-created", action="store_true")

    def handle(self, *args, update=False, apply=False, apply_if_created=False, **options):
        created, updated = topics.load_curated(update=update)
        self.stdout.write(f"topics: {created} created, {updated} updated")
        if apply or (apply_if_created and created):
            counts = topics.apply_all()
            self.stdout.write(
                "assigned: {meetings} meetings, {paragraphs} paragraph topics, "
                "{documents} document topics".format(**counts)
            )
