"""Lookups made for every ingested file or every page use an index, not a table scan."""

from django.db import connection
from django.test import TestCase

from archive.models import Document


class QueryPlanTests(TestCase):
    def plan(self, queryset):
        sql, params = queryset.query.sql_with_params()
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
                return " ".join(str(row[-1]) for row in cursor.fetchall())
            cursor.execute("SET enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            return " ".join(row[0] for row in cursor.fetchall())

    def test_the_already_ingested_check_uses_the_checksum_index(self):
        plan = self.plan(Document.objects.filter(source_sha256="0" * 64))
        self.assertIn("document_source_sha256_idx", plan)
