#!/usr/bin/env python
"""Load test: serve the archive with gunicorn on loopback and drive it with concurrent
clients over pages, search and the JSON API.

    python scripts/loadtest.py                  # 20 clients, 60 s, 2 gunicorn workers
    python scripts/loadtest.py --seconds 20 --clients 20

It builds a throwaway archive first (a temp data directory: SQLite, migrate, ingest
fixtures/corpus, rebuild the search index), starts gunicorn on 127.0.0.1 and a free
port, runs the clients (threads, one HTTP request per connection) until the time is up
or --max-requests were made, stops gunicorn and removes the data directory (unless
--keep). Nothing leaves the machine: every request goes to 127.0.0.1.

Prints requests/s, latency p50/p95/p99/max (overall and per kind), errors and 5xx.
Exit status 1 on any error, 5xx or unexpected status; 2 if the server did not start.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
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


def build_archive(env) -> dict:
    print("building the archive: migrate, ingest fixtures/corpus, rebuild the index ...")
    run(["manage.py", "migrate", "--no-input", "-v", "0"], env)
    run(["manage.py", "ingest", "--quiet", str(ROOT / "fixtures" / "corpus")], env, quiet=False)
    run(["manage.py", "rebuild_index", "--noinput", "-v", "0"], env)
    return json.loads(run(["manage.py", "shell", "-c", DISCOVER], env).strip().splitlines()[-1])


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
        elapsed = time.perf_counter() - start
        with stats.lock:
            stats.latencies[kind].append(elapsed)
            stats.statuses[status] += 1
            if status != expected:
                stats.unexpected[f"{status} (expected {expected}) on {path}"] += 1


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
    parser.add_argument("--keep", action="store_true", help="keep the temp data directory")
    args = parser.parse_args(argv)
    if not 0 < args.seconds <= 3600 or not 0 < args.clients <= 200:
        parser.error("--seconds must be in (0, 3600], --clients in (0, 200]")

    data_dir = Path(tempfile.mkdtemp(prefix="archive-load-"))
    env = {
        **os.environ,
        "ARCHIVE_DATA_DIR": str(data_dir),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "ALLOWED_HOSTS": HOST,
        "ARCHIVE_HTTPS": "0",
        "LOG_LEVEL": "ERROR",
    }
    for name in ("DATABASE_URL", "ARCHIVE_INDEX_DIR"):
        env.pop(name, None)
    server = None
    try:
        plan = targets(build_archive(env))
        port = args.port or free_port()
        server = start_server(env, port, args.workers)
        if not wait_ready(port, server):
            print("the server did not start", file=sys.stderr)
            return 2
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
            for seed in range(args.clients)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=args.seconds + REQUEST_TIMEOUT + 10)
        ok = report(stats, time.monotonic() - start, args)
        return 0 if ok else 1
    finally:
        if server is not None and server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)  # the gunicorn this script started
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
        if args.keep:
            print(f"data directory kept: {data_dir}")
        else:
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
