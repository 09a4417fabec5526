"""The OpenAPI description is valid, and every documented GET endpoint answers with the
shape it documents (walked from the description, validated with jsonschema)."""

from unittest import mock

import jsonschema
from django.test import TestCase
from django.urls import reverse
from openapi_spec_validator import validate

import search
from tests.factories import build_sample_archive


class OpenApiTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.s = build_sample_archive()

    def setUp(self):
        r = self.client.get(reverse("archive:openapi-json"))
        self.assertEqual((r.status_code, r["Content-Type"]), (200, "application/json"))
        self.spec = r.json()

    def path_values(self):
        return {
            "symbol": "S/2017/130",
            "slug": {"/api/meetings/{slug}": "2016-04-28", "/api/topics/{slug}": "technology"},
            "briefer_id": str(self.s.ladsous.pk),
        }

    def url_for(self, path, params):
        values = self.path_values()
        for p in params:
            if p["in"] == "path":
                value = values[p["name"]]
                if isinstance(value, dict):
                    value = value[path]
                path = path.replace("{" + p["name"] + "}", value)
        query = {
            p["name"]: "S/2017/130" for p in params if p["in"] == "query" and p.get("required")
        }
        if path == "/api/search":
            query["q"] = "技术"
        return path, query

    def check(self, data, schema_ref):
        schema = {"$ref": schema_ref, "components": self.spec["components"]}
        jsonschema.Draft202012Validator(schema).validate(data)

    def test_it_describes_a_valid_openapi_document(self):
        validate(self.spec)
        self.assertTrue(self.spec["openapi"].startswith("3."))

    def test_it_documents_every_endpoint(self):
        self.assertLessEqual(
            {
                "/api/documents",
                "/api/documents/{symbol}",
                "/api/meetings",
                "/api/meetings/{slug}",
                "/api/briefers",
                "/api/briefers/{briefer_id}",
                "/api/topics",
                "/api/topics/{slug}",
                "/api/recommendations",
                "/api/citation",
                "/api/search",
            },
            set(self.spec["paths"]),
        )

    def fake_search(self, query, **kwargs):
        hit = search.Hit(
            type="paragraph",
            symbol="S/2017/130",
            paragraph="6",
            title="报告",
            date=self.s.report.date,
            url="/documents/S/2017/130/#p6",
            snippet="<mark>技术</mark>",
            score=1.0,
        )
        return search.SearchResults(query=query, hits=[hit], count=1, page=1, per_page=20)

    @mock.patch.object(search, "search")
    def test_it_answers_every_get_with_its_documented_shape(self, searched):
        searched.side_effect = self.fake_search
        walked = 0
        for path, item in self.spec["paths"].items():
            op = item.get("get")
            if op is None:
                continue
            url, query = self.url_for(path, op.get("parameters", []))
            with self.subTest(path):
                r = self.client.get(url, query)
                self.assertEqual(r.status_code, 200, (url, r.content[:300]))
                ref = op["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
                data = r.json()
                self.check(data, ref)
                if "results" in data:
                    self.assertTrue(data["results"], f"{url} lists nothing to check")
                walked += 1
        self.assertGreaterEqual(walked, 11)
        self.assertEqual(searched.call_args.args, ("技术",))

    def test_it_answers_errors_with_the_documented_error_shape(self):
        for url in [
            "/api/documents/S/1999/1",
            "/api/meetings/1999-01-01",
            "/api/briefers/999999",
            "/api/topics/nothing",
            "/api/citation?symbol=S/2017/130&paragraph=p999",
        ]:
            with self.subTest(url):
                r = self.client.get(url)
                self.assertEqual(r.status_code, 404)
                self.check(r.json(), "#/components/schemas/Error")
        for url in ["/api/documents?year=20x6", "/api/meetings?kind=party", "/api/citation"]:
            with self.subTest(url):
                r = self.client.get(url)
                self.assertEqual(r.status_code, 400, url)
                self.check(r.json(), "#/components/schemas/Error")

    def test_it_shows_a_documentation_page_of_every_operation(self):
        r = self.client.get(reverse("archive:api_docs"))
        self.assertEqual(r.status_code, 200)
        body = r.content.decode()
        for path in self.spec["paths"]:
            self.assertIn(f"GET {path}", body)
        self.assertIn('href="/api/openapi.json"', body)
        self.assertNotIn('<script src="http', body)  # nothing from elsewhere: works offline

    def test_it_keeps_the_pages_url_names(self):
        # the API's routes live in the archive namespace: none may take a page's name
        self.assertEqual(reverse("archive:meetings"), "/meetings/")
        self.assertEqual(reverse("archive:briefers"), "/briefers/")
        self.assertEqual(reverse("archive:documents"), "/documents/")
        self.assertEqual(reverse("archive:topics"), "/topics/")
