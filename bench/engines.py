"""Both search engines side by side on one synthetic archive in PostgreSQL.

    python manage.py bench_engines --docs 1000 [--pg postgresql://postgres@127.0.0.1:5432/test]

Runs in a child process with its own data directory and a database made for the run
(dropped afterwards): migrate, generate and ingest the corpus (bench.corpus, no index
updates), then for each engine: rebuild (time, size), the 30 queries of the page
benchmark and a hostile set, each timed `repeat` times in this process (p50 / p95 / max),
the update of one document after ingest, and the process's resident memory.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import time
from pathlib import Path

import django

HOSTILE = [
    "的 OR NOT 和",
    "的 ANDMAYBE 和平",
    " OR ".join("的和在是了有不与为对以中于上其这而及等将由此从"[:20] * 5),
    "的",
    "维*",
    "peace*",
    "NOT 和平",
    '"维持 和平"~5',
    "的 AND 和 AND 在 AND 是",
    "S/*",
    "a*",
]


def _index_size(engine):
    from django.conf import settings
    from django.db import connection

    if engine == "postgres":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_total_relation_size('search_entry')")
            return cursor.fetchone()[0]
    path = Path(settings.HAYSTACK_CONNECTIONS["default"]["PATH"])
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _time_queries(queries, repeat, facets=False):
    """Each query `repeat` times, as the API asks it (no facets) or as the search page
    does (facets counted)."""
    import search

    times, refused = [], 0
    for _ in range(repeat):
        for q in queries:
            t0 = time.perf_counter()
            try:
                search.search(q, per_page=20, facets=facets)
            except search.SearchQueryError:
                refused += 1
            times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    pick = lambda p: times[min(len(times) - 1, int(p * len(times)))]  # noqa: E731
    return {
        "p50": pick(0.5),
        "p95": pick(0.95),
        "max": times[-1],
        "n": len(times),
        "refused": refused // repeat,
    }


def _built():
    """Whether the engine in use already holds entries (an earlier run built it)."""
    import search

    try:
        return bool(search.search("的", per_page=1).count)
    except Exception:
        return False


def run(docs, repeat, seed, log, reuse=False):
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import override_settings

    import search
    from archive.models import Document, Paragraph
    from bench.corpus import generate
    from bench.run import ingest_corpus, search_queries

    call_command("migrate", verbosity=0)
    workdir = Path(settings.DATA_DIR)
    summary = generate(
        Path(settings.BASE_DIR) / "fixtures" / "corpus", workdir / "corpus", docs, seed=seed
    )
    files = [workdir / "corpus" / name for name in summary["files_list"]]
    if reuse and Document.objects.count() >= docs:
        log(f"reusing {Document.objects.count()} documents")
    else:
        ing = ingest_corpus(files, procs=min(2, os.cpu_count() or 1))
        log(f"ingested {ing['documents']} documents in {ing['seconds']:.1f} s")
    queries = search_queries(summary, random.Random(seed))
    result = {"docs": docs, "paragraphs": Paragraph.objects.count(), "engines": {}}
    sample = Document.objects.filter(symbol=summary["symbols"][len(summary["symbols"]) // 3])
    for engine in ("whoosh", "postgres"):
        with override_settings(SEARCH_ENGINE=engine):
            figures = {}
            if reuse and _built():
                figures.update(entries=None, build_s=None)  # built by an earlier run
            else:
                t0 = time.perf_counter()
                figures["entries"] = search.rebuild(procs=1)
                figures["build_s"] = time.perf_counter() - t0
                log(f"{engine}: built {figures['entries']} entries in {figures['build_s']:.1f} s")
            figures["bytes"] = _index_size(engine)
            _time_queries(queries, 1)  # warm: caches, buffers
            figures["queries"] = _time_queries(queries, repeat)
            figures["page_queries"] = _time_queries(queries, repeat, facets=True)
            figures["hostile"] = _time_queries(HOSTILE, max(1, repeat // 2), facets=True)
            doc = sample.first()
            t0 = time.perf_counter()
            from django.db import transaction

            with transaction.atomic():
                search.index_document(doc.pk)
            figures["update_one_s"] = time.perf_counter() - t0
            figures["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            log(f"{engine}: {figures}")
            result["engines"][engine] = figures
    return result


def render(result, command):
    lines = [
        f"Command: `{command}`; {result['docs']} documents, {result['paragraphs']} paragraphs.",
        "",
        "| | Whoosh | PostgreSQL |",
        "|---|---|---|",
    ]
    w, p = result["engines"]["whoosh"], result["engines"]["postgres"]
    rows = [
        (
            "index build",
            lambda f: (
                f"{f['build_s']:.1f} s, {f['entries']:,} entries"
                if f["build_s"] is not None
                else "(built by an earlier run)"
            ),
        ),
        ("index size", lambda f: f"{f['bytes'] / 1e6:.0f} MB"),
        (
            "30 queries, as the API (no facets), p50 / p95 / max ms",
            lambda f: "{p50:.1f} / {p95:.1f} / {max:.1f}".format(**f["queries"]),
        ),
        (
            "30 queries, as the search page (facets), p50 / p95 / max ms",
            lambda f: (
                "{p50:.1f} / {p95:.1f} / {max:.1f}".format(**f["page_queries"])
                if "page_queries" in f
                else "-"
            ),
        ),
        (
            "hostile set (with facets) p50 / p95 / max ms",
            lambda f: "{p50:.1f} / {p95:.1f} / {max:.1f}".format(**f["hostile"]),
        ),
        ("hostile queries refused", lambda f: f"{f['hostile']['refused']} of {len(HOSTILE)}"),
        ("update of one document", lambda f: f"{f['update_one_s']:.2f} s"),
        ("process peak RSS (cumulative)", lambda f: f"{f['rss_mb']:.0f} MB"),
    ]
    lines += [f"| {name} | {fmt(w)} | {fmt(p)} |" for name, fmt in rows]
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--json", type=Path, required=True)
    parser.add_argument(
        "--reuse", action="store_true", help="keep what the database and index already hold"
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    result = run(
        args.docs, args.repeat, args.seed, lambda m: print(m, flush=True), reuse=args.reuse
    )
    args.json.write_text(json.dumps(result, indent=1, default=str))


if __name__ == "__main__":
    main()
