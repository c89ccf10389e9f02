"""The load benchmark's traffic: a request (``Call``) and its answer (``Outcome``), a closed
loop of concurrent connections sending a mix, the client's percentiles by path beside the
server's own time read from its log."""

import http.client
import itertools
import re
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

SERVER_TIME = re.compile(r'"GET (\S+) HTTP/1\.1" \d{3} \S+ (\d+)ms$', re.MULTILINE)


@dataclass(frozen=True)
class Call:
    label: str
    path: str
    token: str = ""  # the API's token
    session: str = ""  # the pages' session cookie


@dataclass
class Outcome:
    label: str
    seconds: float
    status: int  # 0: no HTTP answer (refused, reset, timed out)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def send(port: int, call: Call) -> Outcome:
    headers = {"Authorization": f"Token {call.token}"} if call.token else {}
    if call.session:
        headers["Cookie"] = f"{settings.SESSION_COOKIE_NAME}={call.session}"
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", call.path, headers=headers)
        reply = conn.getresponse()
        reply.read()
        status = reply.status
    except OSError:
        status = 0
    finally:
        conn.close()
    return Outcome(call.label, time.perf_counter() - started, status)


def drive(
    port: int, calls: list[Call], *, connections: int, seconds: float, max_requests: int
) -> tuple[list[Outcome], float]:
    """Closed loop: each connection sends the next call of the mix as soon as one answers."""
    sequence = itertools.count()
    lock = threading.Lock()
    outcomes: list[Outcome] = []
    deadline = time.monotonic() + seconds

    def worker() -> None:
        while time.monotonic() < deadline:
            with lock:
                n = next(sequence)
            if n >= max_requests:
                return
            outcome = send(port, calls[n % len(calls)])
            with lock:
                outcomes.append(outcome)

    started = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes, time.monotonic() - started


def report_mix(outcomes: list[Outcome], elapsed: float, served: dict[str, list[int]]) -> None:
    times = [o.seconds * 1000 for o in outcomes]
    errors = sum(o.status != 200 for o in outcomes)
    print(
        f"\nmix: {len(outcomes)} requests in {elapsed:.1f} s = {len(outcomes) / elapsed:.1f} req/s"
        f"   p50 {percentile(times, 0.5):.0f} ms   p95 {percentile(times, 0.95):.0f} ms"
        f"   p99 {percentile(times, 0.99):.0f} ms   errors {errors}"
    )
    if errors:
        print(f"  statuses: {dict(Counter(o.status for o in outcomes))}")
    by_label: dict[str, list[float]] = defaultdict(list)
    for outcome in outcomes:
        by_label[outcome.label].append(outcome.seconds * 1000)
    width = max(len(label) for label in by_label)
    print(
        f"  {'path':<{width}}  {'requests':>8}  {'p50 ms':>7}  {'p95 ms':>7}"
        f"  {'server p50':>10}  {'server p95':>10}"
    )
    for label, values in sorted(by_label.items()):
        server = served.get(label, [])
        print(
            f"  {label:<{width}}  {len(values):8d}  {percentile(values, 0.5):7.0f}"
            f"  {percentile(values, 0.95):7.0f}  {percentile(server, 0.5):10.0f}"
            f"  {percentile(server, 0.95):10.0f}"
        )
    everything = [ms for times in served.values() for ms in times]
    print(
        f"  server time (gunicorn's log, queueing excluded): p50 "
        f"{percentile(everything, 0.5):.0f} ms, p95 {percentile(everything, 0.95):.0f} ms"
    )


def server_times(log: Path, since: int) -> list[tuple[str, int]]:
    """(path, the server's own ms) of each request logged after byte ``since`` of its log."""
    with log.open("rb") as handle:
        handle.seek(since)
        text = handle.read().decode(errors="replace")
    return [(path, int(ms)) for path, ms in SERVER_TIME.findall(text)]
