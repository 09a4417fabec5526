from django.core.management.base import BaseCommand, CommandError

from editorial.reparse import documents_for, reparse


class Command(BaseCommand):
    help = (
        "Read stored originals again with the current parser, apply the editors' "
        "corrections and report per document what changed."
    )

    def add_arguments(self, parser):
        parser.add_argument("symbols", nargs="*", help="documents to re-parse (default: all)")
        parser.add_argument(
            "--dry-run", action="store_true", help="report what would change; save nothing"
        )

    def handle(self, symbols, dry_run, **options):
        documents = documents_for(symbols)
        if symbols and not documents:
            raise CommandError(f"no document with the symbol(s) {', '.join(symbols)}")
        changed = failed = 0
        for document in documents:
            changes = reparse(document, dry_run=dry_run)
            changed += changes.changed
            failed += bool(changes.error)
            self.stdout.write(f"{document.symbol} ({document.language})")
            for line in changes.lines():
                self.stdout.write(f"  {line}")
        verb = "would change" if dry_run else "changed"
        self.stdout.write(
            f"{len(documents)} document(s): {changed} {verb}, {failed} failed"
            + (" (dry run: nothing saved)" if dry_run else "")
        )
        if failed:
            raise CommandError(f"{failed} document(s) could not be re-parsed")
