"""Compare the search index with the database; --fix reconciles them."""

from django.core.management.base import BaseCommand, CommandError

import search


class Command(BaseCommand):
    help = "Compare the search index with the database (exit status 1 on differences)."

    def add_arguments(self, parser):
        parser.add_argument("--fix", action="store_true", help="Re-index what differs.")
        parser.add_argument("--show", type=int, default=20, help="Identifiers to list per kind.")

    def handle(self, *args, fix=False, show=20, **options):
        try:
            check = search.check()
        except search.SearchUnavailable as exc:
            if not fix:
                raise CommandError(
                    f"{exc} Run `manage.py rebuild_index` (or check_index --fix)."
                ) from exc
            count = search.rebuild()
            self.stdout.write(f"Index rebuilt: {count} entries.")
            return
        for label, idents in [
            ("missing", check.missing),
            ("extra", check.extra),
            ("stale", check.stale),
        ]:
            self.stdout.write(f"{label}: {len(idents)}")
            for ident in idents[:show]:
                self.stdout.write(f"  {ident}")
            if len(idents) > show:
                self.stdout.write(f"  ... and {len(idents) - show} more")
        if check.ok:
            self.stdout.write(self.style.SUCCESS("The index matches the database."))
            return
        if not fix:
            raise CommandError("The index differs from the database (use --fix to reconcile).")
        search.fix(check)
        after = search.check()
        if not after.ok:
            raise CommandError("Differences remain after --fix.")
        self.stdout.write(self.style.SUCCESS("Fixed: the index matches the database."))
