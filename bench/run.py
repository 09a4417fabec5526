"""The benchmark itself, run in a child process whose ARCHIVE_DATA_DIR is a temporary
directory (SQLite database, source files, Whoosh index): ./var is never touched.

    ARCHIVE_DATA_DIR=/tmp/x python -m bench.run --docs 500 --json result.json

Phases: generate the synthetic corpus (bench.corpus), ingest it as `manage.py ingest
--jobs PROCS --defer-index` does (ingest.bulk), count SQL queries per page type at 100
documents and at N, rebuild the index once, time the per-document index update on a sample, PDF
ingest beside bare pdfplumber, then serve with gunicorn (2 workers, 127.0.0.1) and drive
it from a separate process (bench.http). Returns a dict of figures (bench.report).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from unittest import mock
from urllib.parse import quote, urlencode

import django

ACCESS_FORMAT = "%({x-bench-target}i)s %(s)s %(D)s"
QUERY_SET = [
    # words
    "维持和平",
    "部队派遣国",
    "安全理事会",
    "保护平民",
    "秘书长",
    "建设和平",
    "培训",
    "直升机",
    "特派团",
    "維持和平",
    "peacekeeping",
    # phrases
    '"特派团之间的合作"',
    '"部队和警察派遣国"',
    '"性剥削和性虐待"',
    '"维持和平行动工作组"',
    '"保护平民"',
    # operators
    "维持和平 AND 培训",
    "直升机 OR 无人机",
    "工作组 NOT 会议",
    # symbols
    "{symbol}",
    "{symbol2}",
    "symbol:{symbol}",
    "{cited}",
    "S/2016/",
    "S/PRST/2015/26",
    # names
    "{latin}",
    "{chinese}",
    "{latin2}",
    "苏和",
    "盖伊",
]


def percentile(values, p):
    values = sorted(values)
    if not values:
        return None
    k = (len(values) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def stats(values):
    if not values:
        return None
    return {
        "n": len(values),
        "p50": percentile(values, 50),
        "p95": percentile(values, 95),
        "max": max(values),
    }


# --- ingest -------------------------------------------------------------------------------


def ingest_corpus(files, *, procs=1, checkpoint=None, at=100):
    """Ingest `files` the way `manage.py ingest --jobs PROCS --defer-index` does
    (ingest.bulk: parsing in `procs` worker processes, saving here, one transaction per
    document, no search index update). Returns timings; calls `checkpoint()` once `at`
    documents are in, and leaves its time out of the figures."""
    from ingest.bulk import BulkStats, ingest_files

    stats = BulkStats()
    failed, paused = 0, 0.0
    # Nothing may reach the index during the load: counted, and reported if it did.
    with mock.patch("search.document_saved") as index_calls:
        start = time.perf_counter()
        outcomes = ingest_files(files, jobs=procs, index=False, stats=stats)
        for i, outcome in enumerate(outcomes, start=1):
            failed += not outcome.ok
            if checkpoint and i == at:
                t0 = time.perf_counter()
                checkpoint()
                paused += time.perf_counter() - t0
        seconds = time.perf_counter() - start - paused
    return {
        "documents": len(files),
        "failed": failed,
        "characters": stats.characters,
        "procs": procs,
        "parse_s": stats.parse_s,
        "save_s": stats.save_s,
        "wait_s": stats.wait_s,
        "seconds": seconds,
        "index_calls": index_calls.call_count,
    }


# --- what to request ----------------------------------------------------------------------


def page_targets(rng, large_symbol=""):
    """{group: [paths]} of pages to time, chosen from what is in the database."""
    from django.db.models import Count

    from archive.models import Briefer, Document, Meeting

    docs = list(Document.objects.order_by("pk").values_list("symbol", flat=True))
    meetings = list(Meeting.objects.order_by("pk"))
    briefers = list(Briefer.objects.annotate(n=Count("briefings")).order_by("-n", "pk"))
    year = (
        Meeting.objects.values("year").annotate(n=Count("pk")).order_by("-n").first() or {}
    ).get("year")
    ordinary = [s for s in docs if s != large_symbol]
    targets = {
        "constant (reference)": ["/__bench/constant"],
        "home": ["/"],
        "year": [f"/years/{year}/"] if year else [],
        "meeting": [m.get_absolute_url() for m in rng.sample(meetings, min(5, len(meetings)))],
        "briefer": [
            b.get_absolute_url() for b in briefers[:1] + rng.sample(briefers, min(4, len(briefers)))
        ],
        "document": [doc_url(s) for s in rng.sample(ordinary, min(5, len(ordinary)))],
        "large document": [doc_url(large_symbol)] if large_symbol else [],
        "API document": [
            "/api/documents/" + quote(s) for s in rng.sample(ordinary, min(3, len(ordinary)))
        ],
        "API meetings": ["/api/meetings"],
    }
    return {k: list(dict.fromkeys(v)) for k, v in targets.items() if v}


def doc_url(symbol):
    from archive.models import Document

    return quote(Document(symbol=symbol).get_absolute_url())


def search_queries(summary, rng):
    from archive.models import Briefer, Citation, Document

    symbols = summary["symbols"]
    latin = [b for b in Briefer.objects.values_list("name", flat=True) if b.isascii()]
    chinese = [b for b in Briefer.objects.values_list("name", flat=True) if "·" in b]
    cited = Citation.objects.order_by("pk").values_list("symbol", flat=True).first()
    values = {
        "symbol": symbols[len(symbols) // 2],
        "symbol2": rng.choice(symbols),
        "cited": cited or symbols[0],
        "latin": latin[0] if latin else "Renata Dwan",
        "latin2": latin[-1].split()[-1] if latin else "Dwan",
        "chinese": chinese[0] if chinese else "苏和",
    }
    assert Document.objects.exists()
    return [q.format(**values) for q in QUERY_SET]


def search_targets(queries):
    return {
        "search page": ["/search/?" + urlencode({"q": q}) for q in queries],
        "search API": ["/api/search?" + urlencode({"q": q}) for q in queries],
        "icontains (reference)": ["/__bench/icontains?" + urlencode({"q": q}) for q in queries],
    }


def count_queries(targets):
    """{group: max SQL queries of one request} measured in-process with the test client."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    out = {}
    for group, paths in targets.items():
        if "reference" in group:
            continue
        counts = []
        for path in paths:
            with CaptureQueriesContext(connection) as ctx:
                client.get(path)
            counts.append(len(ctx.captured_queries))
        out[group] = max(counts)
    return out


# --- index --------------------------------------------------------------------------------


def build_index(procs):
    from django.conf import settings

    import search

    t0 = time.perf_counter()
    entries = search.rebuild(procs=procs)
    seconds = time.perf_counter() - t0
    path = Path(settings.HAYSTACK_CONNECTIONS["default"]["PATH"])
    size = sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return {"entries": entries, "seconds": seconds, "bytes": size, "procs": procs}


def index_sample(symbols):
    """Seconds of `update_document_index` per document, on a few documents."""
    import search
    from archive.models import Document

    times = []
    for symbol in symbols:
        doc = Document.objects.filter(symbol=symbol).first()
        if doc is None:
            continue
        t0 = time.perf_counter()
        search.index_document(doc.pk)
        times.append((symbol, doc.paragraphs.count(), time.perf_counter() - t0))
    return times


def pdf_figures(corpus_dir):
    from ingest.benchmark import bench_pdfs

    paths = sorted(Path(corpus_dir).glob("pdf/*.pdf"))
    if not paths:
        return None
    result = bench_pdfs(paths, repeat=1, save=True)
    return {
        "files": len(paths),
        "pages": result.pages,
        "ingest_s": result.ingest_seconds,
        "plumber_s": result.plumber_seconds,
    }


def ocr_figures(scans_dir):
    """OCR pages per second over the scans of the pdf-wide fixtures (minutes: one pass)."""
    from ingest.benchmark import bench_ocr

    result = bench_ocr(sorted(Path(scans_dir).glob("*.pdf")))
    if result is None:
        return None
    return {
        "files": result.files,
        "pages": result.pages,
        "seconds": result.seconds,
        "languages": result.languages,
        "failed": result.failed,
    }


# --- the server ---------------------------------------------------------------------------


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(workdir: Path, port: int, workers: int = 2):
    from django.conf import settings

    log = workdir / "access.log"
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="bench.settings")
    argv = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi:application",
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--access-logfile",
        str(log),
        "--access-logformat",
        ACCESS_FORMAT,
        "--timeout",
        "120",
    ]
    errors = open(workdir / "gunicorn.err", "w")  # noqa: SIM115 (closed with the server)
    proc = subprocess.Popen(argv, env=env, cwd=settings.BASE_DIR, stderr=errors)
    proc.errors_file = errors
    from bench.http import fetch

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited: see {workdir / 'gunicorn.err'}")
        try:
            if fetch(port, "/__bench/constant", timeout=2)[0] == 200:
                return proc, log
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("gunicorn did not answer within 60 s")


def worker_memory(master_pid):
    """{pid: (VmHWM kB, VmRSS kB)} of the gunicorn workers (children of the master)."""
    out = {}
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    for pid in children:
        fields = {}
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("VmHWM", "VmRSS"):
                fields[key] = int(value.split()[0])
        out[int(pid)] = (fields.get("VmHWM"), fields.get("VmRSS"))
    return out


def stop_server(proc):
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    proc.errors_file.close()


def serve_and_drive(workdir, targets, *, requests, seconds):
    """Latency per group (client and server side) and the workers' peak memory."""
    flat = [(g, p) for g, paths in targets.items() for p in paths]
    spec = [{"group": g, "path": p, "tag": str(i)} for i, (g, p) in enumerate(flat)]
    (workdir / "targets.json").write_text(json.dumps(spec))
    port = free_port()
    proc, log = start_server(workdir, port)
    try:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "bench.http",
                "--port",
                str(port),
                "--targets",
                str(workdir / "targets.json"),
                "--out",
                str(workdir / "samples.json"),
                "--requests",
                str(requests),
                "--seconds",
                str(seconds),
            ],
            check=True,
            cwd=Path(__file__).resolve().parent.parent,
        )
        time.sleep(0.5)  # the last access-log line
        memory = worker_memory(proc.pid)
    finally:
        stop_server(proc)
    samples = json.loads((workdir / "samples.json").read_text())
    server = {}
    for line in log.read_text().splitlines():
        tag, status, micros = line.split()
        if tag.isdigit():
            server.setdefault(int(tag), []).append(int(micros) / 1000)
    groups = {}
    for i, (group, path) in enumerate(flat):
        entry = groups.setdefault(group, {"client": [], "server": [], "status": {}})
        entry["client"] += samples[path]["ms"]
        entry["server"] += server.get(i, [])
        for code, n in samples[path]["status"].items():
            entry["status"][code] = entry["status"].get(code, 0) + n
    latency = {
        g: {
            "client": stats(e["client"]),
            "server": stats(e["server"]),
            "status": e["status"],
            "paths": len(targets[g]),
        }
        for g, e in groups.items()
    }
    return latency, memory


# --- machine ------------------------------------------------------------------------------


def machine():
    from django.db import connection

    mem_kb = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            mem_kb = int(line.split()[1])
    cpu = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    db = connection.vendor
    if db == "sqlite":
        import sqlite3

        db = f"SQLite {sqlite3.sqlite_version}"
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory_gb": round(mem_kb / 2**20, 1),
        "python": platform.python_version(),
        "django": django.get_version(),
        "db": db,
        "os": platform.platform(),
    }


# --- the whole run ------------------------------------------------------------------------


def run(
    *,
    docs,
    seconds,
    requests,
    procs,
    seed,
    workdir: Path,
    index_samples=3,
    pdf=True,
    ocr=True,
    log=print,
):
    from django.conf import settings
    from django.core.management import call_command

    from bench.corpus import generate

    data_dir = Path(settings.DATA_DIR).resolve()
    if data_dir == (Path(settings.BASE_DIR) / "var").resolve():
        raise RuntimeError("refusing to benchmark in ./var: set ARCHIVE_DATA_DIR")
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3" or not str(
        settings.DATABASES["default"]["NAME"]
    ).startswith(str(data_dir)):
        raise RuntimeError("the benchmark runs on a SQLite database in its data directory")
    call_command("migrate", verbosity=0)
    rng = random.Random(seed)
    corpus_dir = Path(settings.BASE_DIR) / "fixtures" / "corpus"
    result = {"machine": machine(), "docs": docs, "seed": seed}

    t0 = time.perf_counter()
    summary = generate(corpus_dir, workdir / "corpus", docs, seed=seed)
    result["generate_s"] = time.perf_counter() - t0
    log(f"generated {summary['files']} files in {result['generate_s']:.1f} s")

    files = [workdir / "corpus" / name for name in summary["files_list"]]
    small = {}

    def at_100():
        small.update(count_queries(page_targets(random.Random(seed))))
        log(f"SQL queries per page at 100 documents: {small}")

    result["ingest"] = ingest_corpus(files, procs=procs, checkpoint=at_100, at=min(100, docs))
    ing = result["ingest"]
    log(
        f"ingested {ing['documents']} ({ing['failed']} failed) in {ing['seconds']:.1f} s "
        f"with {procs} parsing processes: {ing['documents'] / ing['seconds']:.1f} docs/s"
    )
    if ing["index_calls"]:
        raise RuntimeError(f"the bulk ingest updated the index {ing['index_calls']} times")
    result["queries_small"] = small
    result["queries_small_n"] = min(100, docs)

    from archive.models import Briefer, Briefing, Document, Meeting, Paragraph

    result["counts"] = {
        "documents": Document.objects.count(),
        "paragraphs": Paragraph.objects.count(),
        "meetings": Meeting.objects.count(),
        "briefers": Briefer.objects.count(),
        "briefings": Briefing.objects.count(),
        "characters": summary["characters"],
    }
    targets = page_targets(rng, summary["large_symbol"])
    queries = search_queries(summary, rng)
    result["search_queries"] = queries
    result["index"] = build_index(procs)
    log(f"index rebuilt: {result['index']}")
    sample = [summary["large_symbol"]] + rng.sample(summary["symbols"], 2)
    result["index_sample"] = index_sample(sample[:index_samples])
    log(f"per-document index update: {result['index_sample']}")
    result["queries_large"] = count_queries(targets)
    log(f"SQL queries per page at {docs} documents: {result['queries_large']}")
    result["pdf"] = pdf_figures(corpus_dir) if pdf else None
    log(f"PDF: {result['pdf']}")
    scans_dir = Path(settings.BASE_DIR) / "fixtures" / "pdf-wide"
    result["ocr"] = ocr_figures(scans_dir) if ocr else None
    log(f"OCR: {result['ocr']}")
    targets.update(search_targets(queries))
    result["latency"], result["workers"] = serve_and_drive(
        workdir, targets, requests=requests, seconds=seconds
    )
    return result


def main(argv=None):
    parser = argparse.ArgumentParser(description="Run the benchmark (in a temporary data dir).")
    parser.add_argument("--docs", type=int, default=10000)
    parser.add_argument("--seconds", type=float, default=180)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--procs", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--skip-pdf", action="store_true")
    parser.add_argument("--skip-ocr", action="store_true")
    parser.add_argument("--json", type=Path, required=True)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.conf import settings

    workdir = Path(settings.DATA_DIR)
    result = run(
        docs=args.docs,
        seconds=args.seconds,
        requests=args.requests,
        procs=args.procs,
        seed=args.seed,
        workdir=workdir,
        pdf=not args.skip_pdf,
        ocr=not args.skip_ocr,
        log=lambda m: print(m, flush=True),
    )
    args.json.write_text(json.dumps(result, indent=1, default=str))


if __name__ == "__main__":
    main()
