"""The HTTP driver: a separate process that requests a fixed list of URLs from the
benchmark's server on the loopback interface, one request at a time.

    python -m bench.http --port 8123 --targets targets.json --out samples.json

`targets.json` is a list of {"group": ..., "path": ...}. Each path is requested once to
warm up, then the list is walked round and round until every path has `--requests`
timed samples or `--seconds` have passed. The output maps each path to its group, its
client-side latencies (ms) and the status codes seen. Nothing but 127.0.0.1 is reached.
"""

import argparse
import http.client
import json
import time
from pathlib import Path

HOST = "127.0.0.1"


def fetch(port: int, path: str, timeout: float = 30.0, tag: str = "") -> tuple[int, float, int]:
    """(status, milliseconds, body bytes) of one GET; a new connection each time, as the
    sync gunicorn worker closes it after every response."""
    started = time.perf_counter()
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        # the tag names the target in the server's access log (server-side latency)
        headers = {"Accept-Language": "zh-hans", "X-Bench-Target": tag or "-"}
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        body = response.read()
        status = response.status
    finally:
        conn.close()
    return status, (time.perf_counter() - started) * 1000, len(body)


def timed_fetch(port: int, path: str, *, timeout: float, tag: str = "") -> tuple[str, float]:
    """(status, milliseconds) of one GET; a request that times out or loses its
    connection (a worker killed by gunicorn's timeout) is "timeout" or "error", with the
    time it took, instead of stopping the run."""
    started = time.perf_counter()
    try:
        status = str(fetch(port, path, timeout=timeout, tag=tag)[0])
    except TimeoutError:
        status = "timeout"
    except (OSError, http.client.HTTPException):
        status = "error"
    return status, (time.perf_counter() - started) * 1000


def drive(
    port: int, targets: list[dict], *, requests: int, seconds: float, timeout: float = 60.0
) -> dict:
    """Every phase, the warm-up included, stops at the deadline: a slow archive (N =
    10,000) gives fewer samples, not a run without end."""
    samples = {t["path"]: {"group": t["group"], "ms": [], "status": {}} for t in targets}
    deadline = time.monotonic() + seconds
    for t in targets:  # warm-up: first template load, caches, index readers
        if time.monotonic() > deadline:
            return samples
        timed_fetch(port, t["path"], timeout=timeout)
    for _ in range(requests):
        for t in targets:
            if time.monotonic() > deadline:
                return samples
            status, ms = timed_fetch(port, t["path"], timeout=timeout, tag=t["tag"])
            entry = samples[t["path"]]
            entry["ms"].append(ms)
            entry["status"][status] = entry["status"].get(status, 0) + 1
    return samples


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--targets", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--timeout", type=float, default=60, help="per request, seconds")
    args = parser.parse_args(argv)
    targets = json.loads(args.targets.read_text())
    result = drive(
        args.port, targets, requests=args.requests, seconds=args.seconds, timeout=args.timeout
    )
    args.out.write_text(json.dumps(result))


if __name__ == "__main__":
    main()
