"""Rebuild the search index from the database (replaces haystack's command of the same
name: one rebuild path for every caller, search.rebuild)."""

import time

from django.core.management.base import BaseCommand, CommandError

import search


class Command(BaseCommand):
    help = "Rebuild the search index from the database; searches use the old one until done."

    def add_arguments(self, parser):
        parser.add_argument(
            "-k",
            "--workers",
            "--procs",
            dest="procs",
            type=int,
            default=1,
            help="Processes building the index in parallel.",
        )
        parser.add_argument(
            "--if-needed",
            action="store_true",
            help="Only if the index is missing, unreadable or of another version.",
        )
        # Accepted for haystack's callers: the rebuild never empties the index first,
        # so there is nothing to confirm.
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive")

    def handle(self, *args, procs=1, if_needed=False, **options):
        start = time.perf_counter()
        try:
            entries = search.rebuild(procs=max(1, procs), if_needed=if_needed)
        except search.SearchUnavailable as exc:
            raise CommandError(str(exc)) from exc
        if entries is None:
            if options["verbosity"]:
                self.stdout.write("The index is up to date: nothing to rebuild.")
            return
        if options["verbosity"]:
            self.stdout.write(
                f"Index rebuilt: {entries} entries in {time.perf_counter() - start:.1f} s."
            )
