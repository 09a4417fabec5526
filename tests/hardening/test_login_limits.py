"""Login limits (django-axes, config/login_limits.py): 5 failures per user name and address,
names compared as Django's login form reads them (NFKC) and casefolded, counts in the
database (every worker sees them), each attempt counted before its password is checked."""

import threading
import time
import unittest

from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from django.contrib.auth.hashers import MD5PasswordHasher
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client, RequestFactory, TestCase, TransactionTestCase, override_settings
from django.urls import reverse
from django.utils import translation

PASSWORD = "a-long-test-password-41"
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@override_settings(PASSWORD_HASHERS=FAST_HASHERS, AXES_FAILURE_LIMIT=5, LOGIN_FAILURE_IP_LIMIT=12)
class LoginLimitTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.staff = User.objects.create_user("victim3", password=PASSWORD, is_staff=True)

    def setUp(self):
        self.url = reverse("admin:login")
        # A request in English leaves English active in this thread: not for the next test.
        self.addCleanup(translation.deactivate)

    def login(self, password, username="victim3", address="192.0.2.1", lang="en"):
        return self.client.post(
            self.url,
            {"username": username, "password": password},
            REMOTE_ADDR=address,
            HTTP_ACCEPT_LANGUAGE=lang,
        )

    def test_it_refuses_the_sixth_attempt_with_429(self):
        for _ in range(5):
            self.assertEqual(self.login("wrong").status_code, 200)  # the form again
        response = self.login("wrong")
        self.assertEqual(response.status_code, 429)
        self.assertIn("Too many login attempts", response.content.decode())
        self.assertEqual(response["Retry-After"], "900")
        # Even the right password is refused during the cool-off.
        self.assertEqual(self.login(PASSWORD).status_code, 429)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_the_refusal_is_translated(self):
        for _ in range(5):
            self.login("wrong")
        response = self.login("wrong", lang="zh-hans")
        self.assertEqual(response.status_code, 429)
        self.assertIn("登录尝试次数过多", response.content.decode())
        self.assertIn("15 分钟后再试", response.content.decode())

    def test_full_width_and_upper_case_spellings_are_the_same_name(self):
        for _ in range(5):
            self.login("wrong")
        for name in ("ｖｉｃｔｉｍ３", "VICTIM3", " Victim3 "):
            with self.subTest(name=name):
                self.assertEqual(self.login(PASSWORD, username=name).status_code, 429)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_full_width_failures_count_towards_the_same_limit(self):
        for name in ("ｖｉｃｔｉｍ３", "VICTIM3", "victim3", "Ｖｉｃｔｉｍ3", "victim３"):
            self.assertEqual(self.login("wrong", username=name).status_code, 200)
        self.assertEqual(self.login(PASSWORD).status_code, 429)

    def test_it_counts_per_address_and_user_name(self):
        for _ in range(5):
            self.login("wrong")
        self.assertEqual(self.login("wrong").status_code, 429)
        self.assertEqual(self.login(PASSWORD, address="192.0.2.2").status_code, 302)
        self.client.logout()
        self.assertEqual(self.login("wrong", username="other").status_code, 200)

    def test_it_limits_one_address_across_user_names(self):
        for i in range(12):
            self.login("wrong", username=f"user{i}")
        self.assertEqual(self.login(PASSWORD).status_code, 429)

    def test_it_escapes_the_user_name_in_the_refusal(self):
        name = "<b>x</b>"
        for _ in range(5):
            self.login("wrong", username=name)
        response = self.login("wrong", username=name)
        self.assertEqual(response.status_code, 429)
        self.assertIn("&lt;b&gt;x&lt;/b&gt;", response.content.decode())
        self.assertNotIn("<b>x</b>", response.content.decode())

    def test_it_clears_the_count_after_a_successful_login(self):
        for _ in range(4):
            self.login("wrong")
        self.assertEqual(self.login(PASSWORD).status_code, 302)
        self.client.logout()
        for _ in range(4):
            self.assertEqual(self.login("wrong").status_code, 200)
        self.assertEqual(self.login(PASSWORD).status_code, 302)

    def test_the_counts_are_in_the_database_every_worker_reads(self):
        for _ in range(3):
            self.login("wrong")
        rows = AccessAttempt.objects.filter(username="victim3", ip_address="192.0.2.1")
        self.assertEqual(sum(r.failures_since_start for r in rows), 3)

    def test_it_does_not_limit_other_pages(self):
        for _ in range(6):
            self.login("wrong")
        self.assertEqual(self.client.get(self.url, REMOTE_ADDR="192.0.2.1").status_code, 200)
        self.assertEqual(self.client.get(reverse("archive:home")).status_code, 200)

    def test_attempts_in_flight_are_counted_before_their_passwords_are_checked(self):
        # 40 requests that all reach the "is this client over its limit?" check before
        # any of them has failed: only 5 may go on to have their passwords checked.
        factory = RequestFactory()
        allowed = 0
        for _ in range(40):
            request = factory.post(self.url, {"username": "victim3", "password": "x"})
            request.META["REMOTE_ADDR"] = "192.0.2.9"
            allowed += AxesProxyHandler.is_allowed(request, {"username": "victim3"})
        self.assertEqual(allowed, 5)


class SlowHasher(MD5PasswordHasher):
    """A password check that takes as long as a real one (the attempts overlap), and
    counts the passwords it checks."""

    algorithm = "slow_md5"
    checked = 0
    lock = threading.Lock()

    def verify(self, password, encoded):
        with SlowHasher.lock:
            SlowHasher.checked += 1
        time.sleep(0.3)
        return super().verify(password, encoded)


@unittest.skipUnless(
    connection.vendor == "postgresql",
    "simultaneous logins need a database that runs transactions side by side (SQLite "
    "runs them one at a time; the test above covers the counting)",
)
@override_settings(
    AXES_FAILURE_LIMIT=5, PASSWORD_HASHERS=["tests.hardening.test_login_limits.SlowHasher"]
)
class SimultaneousLoginTests(TransactionTestCase):
    def test_forty_simultaneous_attempts_get_no_more_than_five_passwords_checked(self):
        User.objects.create_user("victim3", password=PASSWORD, is_staff=True)
        SlowHasher.checked = 0
        url = reverse("admin:login")
        start = threading.Barrier(40)
        statuses = []

        def attempt(i):
            try:
                client = Client()
                start.wait()
                response = client.post(
                    url, {"username": "victim3", "password": f"wrong{i}"}, REMOTE_ADDR="192.0.2.7"
                )
                statuses.append(response.status_code)
            finally:
                connection.close()

        threads = [threading.Thread(target=attempt, args=(i,)) for i in range(40)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(len(statuses), 40)
        self.assertEqual(SlowHasher.checked, 5)
        self.assertEqual(sorted(statuses), [200] * 5 + [429] * 35)
