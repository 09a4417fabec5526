"""Lookups made for every ingested file or every page use an index, not a table scan."""

from django.db import connection
from django.test import TestCase

from archive.models import Document
from archive.views import fragments


class QueryPlanTests(TestCase):
    def plan(self, queryset):
        sql, params = queryset.query.sql_with_params()
        return self.plan_sql(sql, params)

    def plan_sql(self, sql, params=()):
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

    def test_the_archive_marker_reads_the_latest_update_from_its_index(self):
        plan = self.plan_sql(fragments.state_sql())
        self.assertIn("document_updated_at_idx", plan)
        if connection.vendor == "sqlite":  # MAX() by a seek, not by a scan of the index
            self.assertIn(
                "SEARCH archive_document USING COVERING INDEX document_updated_at_idx", plan
            )

    def test_a_document_page_finds_the_meetings_it_is_the_concept_note_of_by_index(self):
        from archive.models import Meeting

        plan = self.plan(Meeting.objects.filter(concept_note_symbol__in=["S/2015/1"]))
        self.assertIn("meeting_concept_note_idx", plan)
