"""Everything under /api/ answers in JSON: unknown paths, refused methods, bad
parameters, CSRF-protected methods, server errors; HEAD and OPTIONS work; GET is CORS."""

from unittest import mock

from django.http import HttpResponseForbidden
from django.test import Client, TestCase

from archive.api.middleware import ApiMiddleware
from tests.factories import build_sample_archive

PATHS = [
    "/api/documents/S/2017/130",
    "/api/documents",
    "/api/meetings",
    "/api/meetings/2016-04-28",
    "/api/briefers",
    "/api/topics",
    "/api/recommendations",
    "/api/citation?symbol=S/2017/130",
    "/api/openapi.json",
    "/api/nothing/here",
]


class ApiErrorTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.s = build_sample_archive()

    def assertJsonError(self, r, status):
        self.assertEqual(r.status_code, status, r.content[:200])
        self.assertEqual(r["Content-Type"], "application/json")
        data = r.json()
        self.assertEqual(data["status"], status)
        self.assertTrue(data["error"])

    def test_it_refuses_unsafe_methods_in_json_not_with_the_csrf_page(self):
        client = Client(enforce_csrf_checks=True)
        for path in PATHS:
            for method in ("post", "put", "patch", "delete"):
                with self.subTest(method=method, path=path):
                    r = getattr(client, method)(path)
                    self.assertJsonError(r, 405)
                    self.assertEqual(r["Allow"], "GET, HEAD, OPTIONS")
                    self.assertNotIn(b"CSRF", r.content)

    def test_it_answers_head_as_get_without_a_body(self):
        for path in PATHS[:-1]:
            with self.subTest(path):
                get = self.client.get(path)
                head = self.client.head(path)
                self.assertEqual(head.status_code, 200)
                self.assertEqual(head.content, b"")
                self.assertEqual(head["Content-Length"], str(len(get.content)))
                self.assertEqual(head["Content-Type"], get["Content-Type"])

    def test_it_answers_options_with_the_methods_and_cors_preflight(self):
        r = self.client.options(
            "/api/meetings",
            headers={"Origin": "https://example.org", "Access-Control-Request-Method": "GET"},
        )
        self.assertEqual(r.status_code, 204)
        self.assertEqual(r["Allow"], "GET, HEAD, OPTIONS")
        self.assertEqual(r["Access-Control-Allow-Methods"], "GET, HEAD, OPTIONS")
        self.assertEqual(r["Access-Control-Allow-Origin"], "*")
        self.assertJsonError(self.client.options("/api/nothing/here"), 404)
        # issue 13: HEAD and OPTIONS on /api/search were an empty 405
        self.assertEqual(self.client.options("/api/search").status_code, 204)
        head = self.client.head("/api/search")  # no q: refused, as JSON (without the body)
        self.assertEqual((head.status_code, head["Content-Type"]), (400, "application/json"))
        self.assertEqual(head.content, b"")

    def test_it_lets_any_origin_read(self):
        for path in PATHS[:-1]:
            r = self.client.get(path, headers={"Origin": "https://example.org"})
            self.assertEqual(r["Access-Control-Allow-Origin"], "*", path)
        self.assertNotIn("Access-Control-Allow-Origin", self.client.get("/meetings/"))

    def test_it_answers_unknown_paths_and_bad_parameters_in_json(self):
        self.assertJsonError(self.client.get("/api/nothing/here"), 404)
        self.assertJsonError(self.client.get("/api/documents/S%00"), 404)
        self.assertJsonError(self.client.get("/api/briefers/x"), 404)
        for query in ["year=x", "doc_type=poem", "organ=XX", "language=中文", "page=0", "year="]:
            with self.subTest(query):
                self.assertJsonError(self.client.get(f"/api/documents?{query}"), 400)
        self.assertJsonError(self.client.get("/api/meetings?briefer=abc"), 400)
        self.assertJsonError(self.client.get("/api/documents/S/2017/130?after=x"), 400)

    def test_it_answers_a_server_error_in_json(self):
        client = Client(raise_request_exception=False)
        with mock.patch("archive.queries.document_versions", side_effect=RuntimeError("boom")):
            with self.assertLogs("archive.api.app", "ERROR"):
                r = client.get("/api/documents/S/2017/130")
        self.assertJsonError(r, 500)
        self.assertNotIn(b"boom", r.content)

    def test_it_turns_any_html_error_into_json(self):
        # e.g. the CSRF failure page or a 403 from a decorator, if a view ever gives one
        response = ApiMiddleware.as_json(HttpResponseForbidden("<h1>CSRF verification failed</h1>"))
        self.assertEqual(response.status_code, 403)
        self.assertEqual(response["Content-Type"], "application/json")
        self.assertNotIn(b"<h1>", response.content)
