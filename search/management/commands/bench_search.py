"""Benchmark search on a synthetic archive made by recombining the corpus texts.

    python manage.py bench_search --docs 10000
    python manage.py bench_search --docs 2000 --reuse /tmp/bench   # build once, time again

The work runs in a child process whose data directory (SQLite database and index) is a
temporary directory (or --reuse DIR, kept, and built only if it has no index yet), so
./var and the configured database are never touched. It reports the index build time and
the latency (p50 / p95) of a fixed query set, top 20 results, through `search.search` (API:
no facets; page: with facet counts), beside a plain database `icontains` scan for the same
words. "Cold" runs clear the query caches first (as a query never asked since the index
last changed); "warm" runs repeat it. Not a test: figures depend on the machine.
"""

import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

QUERIES = [
    "直升机",
    "无人机",
    "维持和平",
    "部队派遣国",
    "安全理事会",
    "建设和平",
    "保护平民",
    "秘书长",
    "机",
    "維持和平",
    '"特派团之间的合作"',
    '"非洲联盟和平基金"',
    '"性剥削和性虐待"',
    '"部队和警察派遣国"',
    "直升机 OR 无人机",
    "维持和平 AND 培训",
    "工作组 NOT 会议",
    "Renata Dwan",
    "盖伊",
    "{symbol}",
    "symbol:{symbol}",
    "{cited}",
    "S/2016/",
    "peacekeeping",
]

_FURNITURE = re.compile(
    r"^\s*(?:[A-Z]{1,2}/[\w./\-]+\*?|\d+/\d+|\d{2}-\d{5}.*|\*\d+\*|https?://\S+|_+|\d+)\s*$"
)
_SENTENCE = re.compile(r"[^。；！？]+[。；！？]")
_NAME = re.compile(r"[\u4e00-\u9fff]{1,5}·[\u4e00-\u9fff·]{1,12}|[A-Z][a-z]+ [A-Z][a-z]+")
_TERMS = re.compile(r'"([^"]+)"|(\S+)')


def corpus_pieces(corpus_dir: Path):
    """Sentences and person names of the corpus texts, without page furniture."""
    sentences, names = [], set()
    for path in sorted(corpus_dir.glob("*.txt")):
        if path.name.lower() == "readme.md":
            continue
        lines = [
            ln for ln in path.read_text(encoding="utf-8").splitlines() if not _FURNITURE.match(ln)
        ]
        text = "".join(ln.strip() for ln in lines)
        sentences += [s for s in _SENTENCE.findall(text) if 8 <= len(s) <= 300]
        names.update(_NAME.findall(text))
    return sentences, sorted(names) or ["Renata Dwan"]


class Command(BaseCommand):
    help = "Benchmark search on a synthetic archive (in a temporary directory)."

    def add_arguments(self, parser):
        parser.add_argument("--docs", type=int, default=10000)
        parser.add_argument("--paras", type=int, default=20, help="Mean paragraphs per document.")
        parser.add_argument("--repeat", type=int, default=5, help="Timed runs per query.")
        parser.add_argument("--procs", type=int, default=min(2, os.cpu_count() or 1))
        parser.add_argument("--seed", type=int, default=17)
        parser.add_argument("--keep", action="store_true", help="Keep the temporary directory.")
        parser.add_argument(
            "--reuse", metavar="DIR", help="Data directory to build once and time again (kept)."
        )
        parser.add_argument("--child", action="store_true", help=argparse_hidden())

    def handle(self, *args, **options):
        if options["docs"] < 1:
            raise CommandError("--docs must be 1 or more")
        if options["child"]:
            return self.run_child(**options)
        if options["reuse"]:
            workdir = Path(options["reuse"]).resolve()
            workdir.mkdir(parents=True, exist_ok=True)
        else:
            workdir = Path(tempfile.mkdtemp(prefix="bench-search-"))
        env = {
            k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "ARCHIVE_INDEX_DIR")
        }
        env["ARCHIVE_DATA_DIR"] = str(workdir)
        argv = [
            sys.executable,
            str(Path(settings.BASE_DIR) / "manage.py"),
            "bench_search",
            "--child",
        ]
        for name in ("docs", "paras", "repeat", "procs", "seed"):
            argv += [f"--{name}", str(options[name])]
        self.stdout.write(f"Working in {workdir} (SQLite + Whoosh index)")
        try:
            status = subprocess.call(argv, env=env)
        finally:
            if options["keep"] or options["reuse"]:
                self.stdout.write(f"Kept {workdir}")
            else:
                shutil.rmtree(workdir, ignore_errors=True)
        if status:
            raise CommandError(f"benchmark failed (exit status {status})")

    # --- in the child process -------------------------------------------------------

    def run_child(self, *, docs, paras, repeat, procs, seed, **options):
        assert Path(settings.DATA_DIR) != Path(settings.BASE_DIR) / "var", "refusing to use ./var"
        call_command("migrate", verbosity=0)
        ready = Path(settings.DATA_DIR) / "bench-search-ready"
        if ready.exists():
            stats = existing_archive()
            self.stdout.write(f"Reusing {stats['documents']} documents and their index")
        else:
            call_command("flush", interactive=False, verbosity=0)
            stats = self.build(docs, paras, procs, seed)
            ready.touch()
        queries = [q.format(**stats["examples"]) for q in QUERIES]
        self.report(queries, repeat)

    def build(self, docs, paras, procs, seed):
        import search

        rng = random.Random(seed)
        started = time.perf_counter()
        stats = build_archive(Path(settings.BASE_DIR) / "fixtures" / "corpus", docs, paras, rng)
        db_seconds = time.perf_counter() - started
        self.stdout.write(
            f"Database: {stats['documents']} documents, {stats['paragraphs']} paragraphs, "
            f"{stats['meetings']} meetings, {stats['briefers']} briefers in {db_seconds:.1f} s"
        )
        started = time.perf_counter()
        entries = search.rebuild(procs=procs)
        build = time.perf_counter() - started
        index_dir = Path(settings.HAYSTACK_CONNECTIONS["default"]["PATH"])
        size = sum(p.stat().st_size for p in index_dir.iterdir()) / 2**20
        self.stdout.write(
            f"Index build: {entries} entries in {build:.1f} s "
            f"({entries / build:.0f} entries/s, {procs} processes), {size:.0f} MB"
        )
        return stats

    def report(self, queries, repeat):
        import search

        def cold(query, facets):  # a query not asked since the index last changed
            search.clear_query_caches()
            return timed(lambda: search.search(query, facets=facets))

        search.search("warm up the searcher", facets=True)  # opened once per index version
        rows = []
        totals = {"api": [], "page": [], "api warm": [], "page warm": [], "db": []}
        for query in queries:
            times = {
                "api": [cold(query, False) for _ in range(repeat)],
                "page": [cold(query, True) for _ in range(repeat)],
                "api warm": [timed(lambda q=query: search.search(q, facets=False))],
                "page warm": [timed(lambda q=query: search.search(q))],
            }
            count = search.search(query, facets=False).count
            times["db"], db_count = icontains_scan(query)
            for name, values in times.items():
                totals[name] += values if isinstance(values, list) else [values]
            rows.append((query, count, times, db_count))
        head = (
            f"{'query':<28} {'hits':>7} {'api p50':>8} {'api p95':>8} {'page p50':>9} "
            f"{'page p95':>9} {'warm api':>9} {'warm page':>9} {'icontains':>10} {'db ms':>8}"
        )
        self.stdout.write("\n" + head + "\n" + "-" * len(head))
        for query, count, t, db_count in rows:
            self.stdout.write(
                f"{query[:28]:<28} {count:>7} {pct(t['api'], 50):>8.1f} {pct(t['api'], 95):>8.1f} "
                f"{pct(t['page'], 50):>9.1f} {pct(t['page'], 95):>9.1f} {t['api warm'][0]:>9.1f} "
                f"{t['page warm'][0]:>9.1f} {db_count:>10} {t['db']:>8.1f}"
            )
        self.stdout.write("-" * len(head))
        self.stdout.write(
            f"All queries, cold x {repeat}: API (top 20, no facets) p50 {pct(totals['api'], 50):.1f} ms, "
            f"p95 {pct(totals['api'], 95):.1f} ms; search page (with facets) "
            f"p50 {pct(totals['page'], 50):.1f} ms, p95 {pct(totals['page'], 95):.1f} ms"
        )
        self.stdout.write(
            f"All queries, warm: API p50 {pct(totals['api warm'], 50):.1f} ms, "
            f"p95 {pct(totals['api warm'], 95):.1f} ms; page p50 {pct(totals['page warm'], 50):.1f} ms, "
            f"p95 {pct(totals['page warm'], 95):.1f} ms; icontains p50 {pct(totals['db'], 50):.1f} ms, "
            f"p95 {pct(totals['db'], 95):.1f} ms"
        )


def existing_archive():
    """The examples build_archive() chose, found again in a kept database."""
    from archive.models import Citation, Document

    symbols = list(Document.objects.order_by("pk").values_list("symbol", flat=True))
    cited = Citation.objects.order_by("pk").values_list("symbol", flat=True).first()
    return {
        "documents": len(symbols),
        "examples": {"symbol": symbols[len(symbols) // 2], "cited": cited or symbols[0]},
    }


def argparse_hidden():
    import argparse

    return argparse.SUPPRESS


def timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def pct(values, p) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def icontains_scan(query):
    """The naive alternative: every word (or quoted phrase) as `text icontains`, AND-ed;
    top 20 and the count, as a result page needs. Operators are ignored."""
    from archive.models import Paragraph

    words = [a or b for a, b in _TERMS.findall(query) if (a or b) not in ("AND", "OR", "NOT")]
    words = [w.split(":", 1)[-1] for w in words]
    qs = Paragraph.objects.all()
    for word in words:
        qs = qs.filter(text__icontains=word)
    started = time.perf_counter()
    list(qs.order_by()[:20])
    count = qs.count()
    return (time.perf_counter() - started) * 1000, count


def build_archive(corpus_dir, n_docs, mean_paras, rng):
    """Synthetic documents (bulk-created): recombined corpus sentences, new symbols and
    dates, citations between them, meetings with briefers, recommendations."""
    from archive.models import (
        Briefer,
        Briefing,
        Citation,
        Document,
        DocumentSymbol,
        Meeting,
        MeetingReport,
        Paragraph,
        Recommendation,
    )

    sentences, names = corpus_pieces(corpus_dir)
    symbols, documents = [], []
    for i in range(n_docs):
        year = rng.randint(2000, 2024)
        organ = "SC" if rng.random() < 0.8 else "GA"
        symbol = f"S/{year}/{i + 1}" if organ == "SC" else f"A/{year - 1945}/{i + 1}"
        symbols.append(symbol)
        documents.append(
            Document(
                symbol=symbol,
                language="zh",
                doc_type=rng.choice(Document.DocType.values),
                organ=organ,
                date=date(year, 1, 1) + timedelta(days=rng.randrange(365)),
                title=rng.choice(sentences)[:60],
                source_name=f"synthetic-{i}.txt",
                source_sha256=f"{i:064x}",
            )
        )
    Document.objects.bulk_create(documents, batch_size=2000)
    documents = list(Document.objects.order_by("pk"))
    DocumentSymbol.objects.bulk_create(
        [DocumentSymbol(document=d, symbol=d.symbol, is_primary=True) for d in documents],
        batch_size=5000,
    )
    paragraphs, cited = [], []
    for d in documents:
        for order in range(1, rng.randint(max(1, mean_paras // 2), mean_paras * 3 // 2) + 1):
            text = "".join(rng.choice(sentences) for _ in range(rng.randint(1, 3)))
            target = None
            if rng.random() < 0.15:
                target = rng.choice(symbols)
                text += f"（见 {target}）"
            paragraphs.append(
                Paragraph(
                    document=d,
                    order=order,
                    kind="paragraph",
                    number=str(order),
                    text=text,
                    anchor=f"p{order}",
                )
            )
            cited.append(target)
    Paragraph.objects.bulk_create(paragraphs, batch_size=5000)
    saved = list(
        Paragraph.objects.order_by("document_id", "order").only("pk", "document_id", "order")
    )
    by_key = {(p.document_id, p.order): p for p in saved}
    citations, recommendations = [], []
    for p, target in zip(paragraphs, cited, strict=True):
        row = by_key[(p.document_id, p.order)]
        if target:
            citations.append(Citation(document_id=p.document_id, paragraph=row, symbol=target))
        if p.document.doc_type == "report" and p.order % 10 == 0:
            recommendations.append(
                Recommendation(
                    document_id=p.document_id, paragraph=row, number=p.number, text=p.text
                )
            )
    Citation.objects.bulk_create(citations, batch_size=5000)
    Recommendation.objects.bulk_create(recommendations, batch_size=5000)

    briefers = Briefer.objects.bulk_create(
        [Briefer(name=name, name_key=name.lower()) for name in names]
    )
    meetings, reports, briefings, seq = [], [], [], {}
    for d in rng.sample(documents, k=max(1, len(documents) // 3)):
        day = d.date - timedelta(days=rng.randrange(1, 60))
        seq[day] = seq.get(day, 0) + 1
        meetings.append(
            Meeting(
                date=day,
                year=day.year,
                seq=seq[day],
                kind="thematic",
                title=rng.choice(sentences)[:50],
                concept_note_symbol=rng.choice(symbols),
            )
        )
        reports.append(d)
    Meeting.objects.bulk_create(meetings, batch_size=2000)
    meetings = list(Meeting.objects.order_by("pk"))
    MeetingReport.objects.bulk_create(
        [MeetingReport(meeting=m, document=d) for m, d in zip(meetings, reports, strict=True)],
        batch_size=5000,
    )
    for m, d in zip(meetings, reports, strict=True):
        for order, b in enumerate(rng.sample(briefers, k=min(len(briefers), rng.randint(1, 3)))):
            briefings.append(
                Briefing(meeting=m, briefer=b, document=d, order=order, role="特别代表")
            )
    Briefing.objects.bulk_create(briefings, batch_size=5000)
    return {
        "documents": len(documents),
        "paragraphs": len(paragraphs),
        "meetings": len(meetings),
        "briefers": len(briefers),
        "examples": {
            "symbol": symbols[len(symbols) // 2],
            "cited": next(c for c in cited if c) if any(cited) else symbols[0],
        },
    }
