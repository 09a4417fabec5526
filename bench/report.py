"""The benchmark's figures as a Markdown table, each beside its reference and target."""

from __future__ import annotations

PAGE_TARGET_MS = 30
SEARCH_TARGET_MS = 100
INGEST_TARGET = 20  # documents/s
REBUILD_TARGET_S = 600
WORKER_TARGET_MB = 300
PAGE_GROUPS = ("document", "large document", "meeting", "briefer")


def ms(value):
    return "-" if value is None else f"{value:.1f}"


def _lat(entry, side):
    s = entry.get(side) if entry else None
    return (ms(s["p50"]), ms(s["p95"]), ms(s["max"]), str(s["n"])) if s else ("-",) * 4


def _where(procs):
    if procs > 1:
        return f"parsing in {procs} worker processes, saving in one;"
    return "parsing and saving in one process;"


def render(result: dict, command: str) -> str:
    m = result["machine"]
    n = result["docs"]
    ing = result["ingest"]
    idx = result["index"]
    c = result["counts"]
    lines = [
        f"# Benchmarks (N = {n:,} synthetic documents)",
        "",
        f"Command: `{command}`",
        "",
        f"Machine: {m['nproc']} CPUs ({m['cpu']}), {m['memory_gb']} GB memory, "
        f"Python {m['python']}, Django {m['django']}, {m['db']}, {m['os']}.",
        "",
        f"Archive: {c['documents']:,} documents, {c['paragraphs']:,} paragraphs, "
        f"{c['meetings']:,} meetings, {c['briefers']:,} briefers, {c['briefings']:,} briefings, "
        f"{c['characters']:,} characters of text.",
        "",
        "## Ingest and index",
        "",
        "| figure | value | reference / target |",
        "|---|---|---|",
    ]
    docs_s = ing["documents"] / ing["seconds"]
    procs = ing.get("procs", 1)
    lines += [
        f"| text ingest, documents/s | {docs_s:.1f} ({ing['documents']} in {ing['seconds']:.1f} s, "
        f"`ingest --jobs {procs} --defer-index`: {_where(procs)} parse {ing['parse_s']:.1f} s "
        f"CPU, save {ing['save_s']:.1f} s, waiting for a parse {ing.get('wait_s', 0):.1f} s; "
        f"{ing['failed']} failed) "
        f"| target >= {INGEST_TARGET} {_ok(docs_s >= INGEST_TARGET)} |",
        f"| text ingest, characters/s | {ing['characters'] / ing['seconds']:,.0f} | |",
        f"| index rebuild ({idx['procs']} processes) | {idx['seconds']:.1f} s, "
        f"{idx['entries']:,} entries, {idx['bytes'] / 2**20:.1f} MB on disk "
        f"| target <= {REBUILD_TARGET_S} s {_ok(idx['seconds'] <= REBUILD_TARGET_S)} |",
    ]
    for symbol, paragraphs, seconds in result.get("index_sample", []):
        lines.append(
            f"| `update_document_index` (after ingest), {symbol}, {paragraphs} paragraphs "
            f"| {seconds:.2f} s | deferred during the bulk ingest above |"
        )
    pdf = result.get("pdf")
    if pdf:
        lines.append(
            f"| PDF ingest (read + parse + save), {pdf['files']} files, {pdf['pages']} pages "
            f"| {pdf['pages'] / pdf['ingest_s']:.2f} pages/s ({pdf['ingest_s']:.1f} s) "
            f"| bare pdfplumber extract_text: {pdf['pages'] / pdf['plumber_s']:.2f} pages/s "
            f"({pdf['plumber_s']:.1f} s) |"
        )
    ocr = result.get("ocr")
    if ocr:
        lines.append(
            f"| OCR ingest (ocrmypdf + tesseract {ocr['languages']}, then read + parse), "
            f"{ocr['files']} scans, {ocr['pages']} pages "
            f"| {ocr['pages'] / ocr['seconds']:.2f} pages/s ({ocr['seconds']:.0f} s) "
            f"| one tesseract process (OCR_JOBS=1)"
            f"{'; failed: ' + '; '.join(ocr['failed']) if ocr.get('failed') else ''} |"
        )
    lines += [
        "",
        "## Latency over HTTP (gunicorn, 2 sync workers, one client at a time, loopback)",
        "",
        "Server side: gunicorn's request time (%(D)s); client side: from connect to last byte.",
        "",
        "| page | paths | requests | server p50 | p95 | max | client p50 | p95 | max | statuses | target |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    latency = result["latency"]
    floor = (latency.get("constant (reference)") or {}).get("server") or {}
    for group, entry in latency.items():
        sp50, sp95, smax, count = _lat(entry, "server")
        cp50, cp95, cmax, _ = _lat(entry, "client")
        statuses = ", ".join(f"{k}x{v}" for k, v in sorted(entry["status"].items()))
        lines.append(
            f"| {group} | {entry['paths']} | {count} | {sp50} | {sp95} | {smax} | {cp50} | "
            f"{cp95} | {cmax} | {statuses} | {_target(group, entry, floor)} |"
        )
    lines += ["", "## SQL queries per request (in-process, test client)", ""]
    small, large = result["queries_small"], result["queries_large"]
    lines += [
        f"| page | N = {result['queries_small_n']} | N = {n} |",
        "|---|---|---|",
    ]
    for group in large:
        lines.append(f"| {group} | {small.get(group, '-')} | {large[group]} |")
    lines += ["", "## Web worker memory", ""]
    for pid, (hwm, rss) in sorted(result["workers"].items()):
        lines.append(
            f"- worker {pid}: peak {hwm / 1024:.0f} MB resident (VmHWM), now {rss / 1024:.0f} MB "
            f"(target <= {WORKER_TARGET_MB} MB {_ok(hwm / 1024 <= WORKER_TARGET_MB)})"
        )
    lines += ["", "Search queries: " + ", ".join(f"`{q}`" for q in result["search_queries"]), ""]
    return "\n".join(lines)


def _ok(passed):
    return "(met)" if passed else "(**missed**)"


def _target(group, entry, floor):
    server = entry.get("server")
    if not server:
        return ""
    if group in PAGE_GROUPS:
        limit = PAGE_TARGET_MS
        text = f"p95 <= {limit} ms {_ok(server['p95'] <= limit)}"
        if floor:
            ratio = server["p95"] / floor["p95"] if floor["p95"] else 0
            text += f"; {ratio:.1f}x the constant view {_ok(ratio <= 3)}"
        return text
    if group.startswith("search"):
        return f"p95 <= {SEARCH_TARGET_MS} ms {_ok(server['p95'] <= SEARCH_TARGET_MS)}"
    return ""
