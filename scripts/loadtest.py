#!/usr/bin/env python
"""Load test: serve the archive with gunicorn on loopback and drive it with concurrent
clients over pages, search and the JSON API.

    python scripts/loadtest.py                  # 20 clients, 60 s, 2 gunicorn workers
    python scripts/loadtest.py --seconds 20 --clients 20
    python scripts/loadtest.py --docs 4000 --attack   # issue 13: under attack, 4,000 documents
    python scripts/loadtest.py --docs 4000 --keep     # ... then again on the same archive:
    python scripts/loadtest.py --reuse /tmp/archive-load-XXXX --attack

With --docs N the archive is N synthetic documents (bench/corpus.py) instead of the
corpus. With --attack the server runs with production settings and a `db_worker`, and a
few of the clients are hostile: a signed-in admin uploading the expensive PDFs of issue 13
(tests/hostile_pdfs.py), an anonymous visitor announcing a 1 GiB upload, and searches
built to be expensive. Afterwards it waits for every upload job to end and compares the
database, the stored files and the search index with their state before: nothing may be
half-saved, every upload must end in a state the admin can read.

It builds a throwaway archive first (a temp data directory: SQLite, migrate, ingest
fixtures/corpus, rebuild the search index), starts gunicorn on 127.0.0.1 and a free
port, runs the clients (threads, one HTTP request per connection) until the time is up
or --max-requests were made, stops gunicorn and removes the data directory (unless
--keep). --reuse DIR runs on the archive an earlier --keep run left in DIR instead (its
caches emptied first, so that runs compare; DIR is kept). Nothing leaves the machine:
every request goes to 127.0.0.1.

Prints requests/s, latency p50/p95/p99/max (overall and per kind), errors and 5xx.
Exit status 1 on any error, 5xx or unexpected status; 2 if the server did not start.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
REQUEST_TIMEOUT = 30
STAFF = ("loadtest-admin", "loadtest-password-9c1f")
HOSTILE_QUERIES = [
    "的 OR NOT 和",
    "的 ANDMAYBE 和平",
    " OR ".join("的一是不了人我在有他这中大来上个国到说们为子和你地出道也时年得就那要下以生会" * 3)[
        :400
    ],
    "维*",
    '"' + "和平 " * 50 + '"',
]

# Printed by `manage.py shell`: what must not change under attack (rows, files, index).
SNAPSHOT = """
import json, os
from pathlib import Path
from django.conf import settings
from archive.models import Document, Paragraph, Upload
root = Path(settings.SOURCE_FILES_DIR)
missing = [d.symbol for d in Document.objects.only("symbol", "source_path") if d.source_path and not (root / d.source_path).is_file()]
incoming = Path(settings.UPLOAD_INCOMING_DIR)
print(json.dumps({
    "documents": Document.objects.count(),
    "paragraphs": Paragraph.objects.count(),
    "stored_files": sum(1 for p in root.glob("??/*") if p.is_file()),
    "documents_without_their_file": missing,
    "incoming_files": sorted(p.name for p in incoming.iterdir()) if incoming.is_dir() else [],
    "uploads": dict(sorted({s: Upload.objects.filter(state=s).count() for s in Upload.objects.values_list("state", flat=True).distinct()}.items())),
}))
"""

# Symbols the archive holds are searched too (answered with a redirect): see targets().
SEARCHES = [
    "维持和平",
    "部队派遣国",
    "安全理事会",
    "建议",
    "维和 培训",
    "S/2016/",
    "peacekeeping",
]
API_SEARCHES = ["维和", "S/2011/817", "briefing"]

# Printed by `manage.py shell`: URLs of real objects in the freshly built archive.
DISCOVER = """
import json
from archive.models import Briefer, Document, Meeting, Paragraph, Topic
urls = {"document": [d.get_absolute_url() for d in Document.objects.order_by("pk")]}
urls["meeting"] = [m.get_absolute_url() for m in Meeting.objects.order_by("pk")[:10]]
urls["briefer"] = [b.get_absolute_url() for b in Briefer.objects.order_by("pk")[:10]]
urls["topic"] = [t.get_absolute_url() for t in Topic.objects.order_by("pk")[:5]]
urls["paragraph"] = [p.get_absolute_url() for p in Paragraph.objects.filter(kind="paragraph").order_by("pk")[:10]]
urls["symbols"] = list(Document.objects.order_by("pk").values_list("symbol", flat=True))
years = sorted({d.year for d in Document.objects.exclude(date=None).only("date")})
urls["years"] = [f"/years/{y}/" for y in years]
print(json.dumps(urls))
"""


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)
    unexpected: Counter = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)
    count: int = 0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def run(cmd, env, *, quiet=True):
    result = subprocess.run(
        [sys.executable, *cmd], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900
    )
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{result.stdout}{result.stderr}")
    if not quiet:
        print(result.stdout.strip().splitlines()[-1] if result.stdout.strip() else "")
    return result.stdout


def build_archive(env, docs: int = 0, reuse: bool = False) -> dict:
    run(["manage.py", "migrate", "--no-input", "-v", "0"], env)
    if reuse:
        print(f"reusing the archive in {env['ARCHIVE_DATA_DIR']} (caches emptied)")
        for cache in ("cache", "page_cache"):
            shutil.rmtree(Path(env["ARCHIVE_DATA_DIR"]) / cache, ignore_errors=True)
    elif docs:
        folder = Path(env["ARCHIVE_DATA_DIR"]) / "synthetic"
        print(f"building the archive: {docs} synthetic documents, ingest, index ...")
        # In a configured process: the generator reads its templates as the archive does.
        corpus = ROOT / "fixtures" / "corpus"
        generate = (
            "from pathlib import Path; from bench.corpus import generate; "
            f"generate(Path({str(corpus)!r}), Path({str(folder)!r}), {docs})"
        )
        run(["manage.py", "shell", "-c", generate], env)
        ingest = ["manage.py", "ingest", "--quiet", "--jobs", "2", "--defer-index", str(folder)]
        run(ingest, env, quiet=False)
    else:
        print("building the archive: migrate, ingest fixtures/corpus, rebuild the index ...")
        run(["manage.py", "ingest", "--quiet", str(ROOT / "fixtures" / "corpus")], env, quiet=False)
        run(["manage.py", "rebuild_index", "--noinput", "-v", "0"], env)
    create = (
        "from django.contrib.auth.models import User; "
        f"User.objects.filter(username={STAFF[0]!r}).exists() or "
        f"User.objects.create_superuser({STAFF[0]!r}, password={STAFF[1]!r})"
    )
    run(["manage.py", "shell", "-c", create], env)
    return json.loads(run(["manage.py", "shell", "-c", DISCOVER], env).strip().splitlines()[-1])


def snapshot(env) -> dict:
    state = json.loads(run(["manage.py", "shell", "-c", SNAPSHOT], env).strip().splitlines()[-1])
    check = subprocess.run(
        [sys.executable, "manage.py", "check_index"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    state["index_matches"] = check.returncode == 0
    return state


def targets(found: dict) -> list[tuple[str, str, int]]:
    """(kind, path, expected status) for every request the clients make."""
    pages = ["/", "/documents/", "/meetings/", "/briefers/", "/topics/", *found["years"]]
    pages += found["meeting"] + found["briefer"] + found["topic"]
    out = [("page", url, 200) for url in pages]
    out += [("document", url, 200) for url in found["document"]]
    out += [("paragraph", url.split("#")[0], 200) for url in found["paragraph"]]
    out += [("search", "/search/?" + urlencode({"q": q}), 200) for q in SEARCHES]
    # A symbol the archive holds is answered with a redirect to its page.
    out += [("search", "/search/?" + urlencode({"q": s}), 302) for s in found["symbols"][:3]]
    out += [("api", "/api/documents/" + quote(s), 200) for s in found["symbols"]]
    out += [
        ("api", f"/api/meetings?year={y.strip('/').split('/')[-1]}", 200) for y in found["years"]
    ]
    out += [("api", "/api/search?" + urlencode({"q": q}), 200) for q in API_SEARCHES]
    return out


def hostile_targets() -> list[tuple[str, str, int]]:
    """Expensive searches: any answer but a 5xx will do (a refusal is a fine answer)."""
    return [("hostile-search", "/search/?" + urlencode({"q": q}), 0) for q in HOSTILE_QUERIES]


def start_worker(env) -> subprocess.Popen:
    cmd = [sys.executable, "manage.py", "db_worker", "--no-reload", "-v", "0"]
    return subprocess.Popen(cmd, cwd=ROOT, env=env, start_new_session=True)


def start_server(env, port, workers) -> subprocess.Popen:
    cmd = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi:application",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
        "--timeout",
        "60",
        "--log-level",
        "warning",
    ]
    return subprocess.Popen(cmd, cwd=ROOT, env=env, start_new_session=True)


def wait_ready(port, process, timeout=90) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            status, _ = fetch(port, "/")
            if status == 200:
                return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


def fetch(port, path) -> tuple[int, int]:
    conn = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
    try:
        conn.request("GET", path, headers={"Accept-Language": "zh-hans", "Connection": "close"})
        response = conn.getresponse()
        body = response.read()
        return response.status, len(body)
    finally:
        conn.close()


def client(port, plan, deadline, max_requests, stats: Stats, seed):
    rnd = random.Random(seed)
    while time.monotonic() < deadline:
        with stats.lock:
            if stats.count >= max_requests:
                return
            stats.count += 1
        kind, path, expected = rnd.choice(plan)
        start = time.perf_counter()
        try:
            status, _ = fetch(port, path)
        except (OSError, http.client.HTTPException) as exc:
            with stats.lock:
                stats.errors[f"{type(exc).__name__} on {path}"] += 1
            continue
        record(stats, kind, path, status, expected, time.perf_counter() - start)


def record(stats: Stats, kind, path, status, expected, elapsed):
    with stats.lock:
        stats.latencies[kind].append(elapsed)
        stats.statuses[status] += 1
        wrong = status >= 500 if expected == 0 else status != expected
        if wrong:
            stats.unexpected[f"{status} (expected {expected or 'not 5xx'}) on {path[:80]}"] += 1


class Session:
    """A signed-in admin over plain http.client: cookies kept by hand."""

    def __init__(self, port):
        self.port, self.cookies = port, {}

    def request(self, method, path, body=b"", headers=None):
        conn = http.client.HTTPConnection(HOST, self.port, timeout=REQUEST_TIMEOUT * 4)
        try:
            cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            head = {"Cookie": cookie, "Connection": "close", "Accept-Language": "en"}
            if method == "POST":
                head["Referer"] = f"http://{HOST}:{self.port}{path}"
            conn.request(method, path, body=body, headers={**head, **(headers or {})})
            response = conn.getresponse()
            text = response.read()
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    self.cookies[name.strip()] = rest.split(";")[0]
            return response.status, response.getheader("Location") or "", text
        finally:
            conn.close()

    def csrf(self, path):
        _, _, text = self.request("GET", path)
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', text)
        return match.group(1).decode() if match else ""

    def login(self):
        token = self.csrf("/admin/login/")
        form = urlencode({"username": STAFF[0], "password": STAFF[1], "csrfmiddlewaretoken": token})
        status, _, _ = self.request(
            "POST",
            "/admin/login/?next=/admin/",
            form.encode(),
            {"Content-Type": "application/x-www-form-urlencoded"},
        )
        return status == 302

    def upload(self, name, data):
        token = self.csrf("/upload/")
        boundary = "loadtest" + os.urandom(8).hex()
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
                f"{token}\r\n--{boundary}\r\n"
                f'Content-Disposition: form-data; name="files"; filename="{name}"\r\n'
                "Content-Type: application/pdf\r\n\r\n"
            ).encode()
            + data
            + f"\r\n--{boundary}--\r\n".encode()
        )
        content_type = f"multipart/form-data; boundary={boundary}"
        return self.request("POST", "/upload/", body, {"Content-Type": content_type})


def hostile_pdf_files():
    sys.path.insert(0, str(ROOT))
    from tests import hostile_pdfs

    return [
        ("characters.pdf", hostile_pdfs.many_characters()),
        ("spaces.pdf", hostile_pdfs.inflating_spaces()),
        ("fan-out.pdf", hostile_pdfs.xobject_fan_out()),
    ]


def uploader(port, deadline, every, stats: Stats, upload_ids: list):
    """The hostile admin: one expensive PDF every `every` seconds."""
    session = Session(port)
    if not session.login():
        with stats.lock:
            stats.errors["the load test admin could not sign in"] += 1
        return
    files = hostile_pdf_files()
    turn = 0
    while time.monotonic() < deadline:
        name, data = files[turn % len(files)]
        turn += 1
        start = time.perf_counter()
        try:
            status, location, _ = session.upload(name, data)
        except (OSError, http.client.HTTPException) as exc:
            with stats.lock:
                stats.errors[f"{type(exc).__name__} on upload"] += 1
            continue
        record(stats, "hostile-upload", "/upload/", status, 302, time.perf_counter() - start)
        ids = re.findall(r"ids=([\d,]+)", location)
        if ids:
            upload_ids.extend(int(i) for i in ids[0].split(",") if i)
        time.sleep(max(0.0, every - (time.perf_counter() - start)))


def announced_gigabyte(port, deadline, stats: Stats):
    """The anonymous visitor announcing a 1 GiB upload and sending 1 MB of it."""
    while time.monotonic() < deadline:
        start = time.perf_counter()
        conn = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
        try:
            conn.putrequest("POST", "/upload/")
            conn.putheader("Content-Type", "multipart/form-data; boundary=x")
            conn.putheader("Content-Length", str(1 << 30))
            conn.endheaders()
            try:
                conn.send(b"x" * (1 << 20))
            except OSError:
                pass  # the server answered and closed without reading: what is wanted
            response = conn.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException) as exc:
            with stats.lock:
                stats.errors[f"{type(exc).__name__} on the 1 GiB POST"] += 1
            time.sleep(1)
            continue
        finally:
            conn.close()
        record(stats, "hostile-post", "/upload/ (1 GiB)", status, 302, time.perf_counter() - start)
        time.sleep(2)


def wait_for_jobs(env, ids, timeout) -> dict:
    """Every upload's final state, waiting up to `timeout` s for the jobs to end."""
    script = (
        "import json; from archive.models import Upload; "
        f"print(json.dumps(list(Upload.objects.filter(pk__in={sorted(set(ids))!r})"
        ".values('pk', 'file_name', 'state', 'messages'))))"
    )
    deadline = time.monotonic() + timeout
    while True:
        rows = json.loads(run(["manage.py", "shell", "-c", script], env).strip().splitlines()[-1])
        pending = [r for r in rows if r["state"] in ("queued", "running", "interrupted")]
        if not pending or time.monotonic() > deadline:
            return {"rows": rows, "pending": len(pending)}
        time.sleep(5)


def percentile(values, p) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def report(stats: Stats, elapsed: float, args) -> bool:
    everything = [v for values in stats.latencies.values() for v in values]
    served = len(everything)
    fivexx = sum(n for status, n in stats.statuses.items() if status >= 500)
    errors = sum(stats.errors.values())
    unexpected = sum(stats.unexpected.values())
    ms = lambda v: f"{v * 1000:.0f} ms"  # noqa: E731
    print()
    print(f"clients {args.clients}, gunicorn workers {args.workers}, {elapsed:.1f} s")
    print(f"requests served: {served}  ({served / elapsed:.1f} requests/s)")
    if everything:
        print(
            f"latency: p50 {ms(statistics.median(everything))}, p95 {ms(percentile(everything, 95))}, "
            f"p99 {ms(percentile(everything, 99))}, max {ms(max(everything))}"
        )
    for kind in sorted(stats.latencies):
        values = stats.latencies[kind]
        print(
            f"  {kind:10} {len(values):6}  p50 {ms(statistics.median(values)):>8}  "
            f"p95 {ms(percentile(values, 95)):>8}  max {ms(max(values)):>8}"
        )
    print("status codes: " + ", ".join(f"{s}: {n}" for s, n in sorted(stats.statuses.items())))
    print(f"errors: {errors}, 5xx: {fivexx}, unexpected status: {unexpected}")
    for label, counter in (("error", stats.errors), ("unexpected", stats.unexpected)):
        for what, n in counter.most_common(10):
            print(f"  {label}: {what} x{n}")
    return errors == 0 and fivexx == 0 and unexpected == 0 and served > 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    parser.add_argument("--max-requests", type=int, default=500_000)
    parser.add_argument("--docs", type=int, default=0, help="synthetic documents (bench corpus)")
    parser.add_argument("--attack", action="store_true", help="hostile clients too (issue 13)")
    parser.add_argument("--upload-every", type=float, default=10, help="s between hostile uploads")
    parser.add_argument("--parse-time-limit", type=int, default=30, help="for the attack run")
    parser.add_argument("--drain", type=float, default=600, help="s to wait for the jobs after")
    parser.add_argument("--keep", action="store_true", help="keep the temp data directory")
    parser.add_argument("--reuse", type=Path, help="the data directory of a --keep run")
    args = parser.parse_args(argv)
    if not 0 < args.seconds <= 3600 or not 0 < args.clients <= 200:
        parser.error("--seconds must be in (0, 3600], --clients in (0, 200]")
    if not 0 <= args.docs <= 20000:
        parser.error("--docs must be in [0, 20000]")

    if args.reuse and not (args.reuse / "archive.sqlite3").is_file():
        parser.error(f"--reuse: no archive in {args.reuse}")
    data_dir = args.reuse or Path(tempfile.mkdtemp(prefix="archive-load-"))
    env = {
        **os.environ,
        "ARCHIVE_DATA_DIR": str(data_dir),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "ALLOWED_HOSTS": HOST,
        "ARCHIVE_HTTPS": "0",
        "LOG_LEVEL": "ERROR",
    }
    if args.attack:  # production settings
        env.update(ARCHIVE_PRODUCTION="1", SECRET_KEY="loadtest-" + os.urandom(24).hex())
    for name in ("DATABASE_URL", "ARCHIVE_INDEX_DIR", "PARSE_TIME_LIMIT"):
        env.pop(name, None)
    server = worker = None
    try:
        plan = targets(build_archive(env, args.docs, reuse=bool(args.reuse)))
        if args.attack:  # the reading time limit lowered for the run, to drain in time
            env["PARSE_TIME_LIMIT"] = str(args.parse_time_limit)
        if args.attack:
            plan += hostile_targets()
            before = snapshot(env)
            print("before:", json.dumps(before, ensure_ascii=False))
        port = args.port or free_port()
        server = start_server(env, port, args.workers)
        if not wait_ready(port, server):
            print("the server did not start", file=sys.stderr)
            return 2
        if args.attack:
            worker = start_worker(env)
        print(
            f"serving on http://{HOST}:{port}/ ; {len(plan)} URLs; {args.clients} clients for {args.seconds:g} s"
        )
        stats = Stats()
        start = time.monotonic()
        deadline = start + args.seconds
        threads = [
            threading.Thread(
                target=client,
                args=(port, plan, deadline, args.max_requests, stats, seed),
                daemon=True,
            )
            for seed in range(args.clients - (2 if args.attack else 0))
        ]
        upload_ids: list[int] = []
        if args.attack:
            threads.append(
                threading.Thread(
                    target=uploader,
                    args=(port, deadline, args.upload_every, stats, upload_ids),
                    daemon=True,
                )
            )
            threads.append(
                threading.Thread(
                    target=announced_gigabyte, args=(port, deadline, stats), daemon=True
                )
            )
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=args.seconds + REQUEST_TIMEOUT * 4 + 10)
        ok = report(stats, time.monotonic() - start, args)
        if args.attack:
            ok = attack_report(env, stats, before, upload_ids, args) and ok
        return 0 if ok else 1
    finally:
        for process in (worker, server):
            if process is not None and process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)  # the processes this script started
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()
        if args.keep or args.reuse:
            print(f"data directory kept: {data_dir}")
        else:
            shutil.rmtree(data_dir, ignore_errors=True)


def attack_report(env, stats, before, upload_ids, args) -> bool:
    pages = [v for k in ("page", "document", "paragraph") for v in stats.latencies.get(k, [])]
    p95 = percentile(pages, 95)
    print(
        f"\npages during the attack: {len(pages)} requests, p95 {p95 * 1000:.0f} ms (goal < 300 ms)"
    )
    jobs = wait_for_jobs(env, upload_ids, args.drain)
    states = Counter(row["state"] for row in jobs["rows"])
    reasons = Counter((row["file_name"], (row["messages"] or [""])[0][:70]) for row in jobs["rows"])
    print(f"hostile uploads: {len(upload_ids)} jobs; final states: {dict(states)}")
    for (name, reason), n in sorted(reasons.items()):
        print(f"  {name}: {reason} x{n}")
    after = snapshot(env)
    print("after: ", json.dumps(after, ensure_ascii=False))
    same = all(
        before[key] == after[key]
        for key in ("documents", "paragraphs", "stored_files", "documents_without_their_file")
    )
    readable = jobs["pending"] == 0 and set(states) <= {"done", "failed"}
    clean = after["incoming_files"] == [] and after["index_matches"]
    print(
        f"unchanged archive: {same}; every job ended readable: {readable}; "
        f"no upload file left, index matches: {clean}"
    )
    return same and readable and clean and p95 < 0.3


if __name__ == "__main__":
    sys.exit(main())
