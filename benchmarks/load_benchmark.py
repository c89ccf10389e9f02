"""Load: the production server (gunicorn, 2 workers, PostgreSQL, Redis) under concurrent traffic.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zonebench \\
        .venv/bin/python benchmarks/load_benchmark.py [--zones 300] [--indicators 60] \\
        [--years 30] [--connections 50] [--duration 30] [--flood-seconds 30] [--keep]

Generates zones x indicators x years of observations (world.py's generator) in a
throw-away PostgreSQL database of its own (``<name>_load``, dropped at the end unless
``--keep``), empties the Redis database of ``REDIS_URL`` (default redis://127.0.0.1:6379/1),
starts ``make serve`` with ``WEB_CONCURRENCY=2`` on a free loopback port, and then:

1. sends each request of the mix once, to warm the server;
2. drives the mix (pages and API calls, the API with a token, so the anonymous throttle does
   not decide the result; ``--mix pages`` or ``--mix api`` for one kind) from
   ``--connections`` concurrent connections for ``--duration`` seconds, at most
   ``--max-requests`` requests, and prints requests/s, p50, p95, p99 (the client's time,
   queueing included) and errors (anything but a 200), overall and by path, with the
   server's own time from its log;
3. floods the API anonymously from as many connections for ``--flood-seconds`` and counts the
   answers: the throttle's 429s are expected, errors (5xx, refused connections) are not. The
   server's anonymous rate is ``--anon-rate`` (default the API's own, 600 an hour).

Traffic goes to 127.0.0.1 only, and stops by itself. The load generator shares the machine's
cores with the server, PostgreSQL and Redis: the figures are those of the whole machine.
Not part of ``make test``.
"""

import argparse
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import redis  # noqa: E402
import world  # noqa: E402  (sets Django up with the test settings)
from django.conf import settings  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402
from support import ROOT, free_port, test_database  # noqa: E402  (beside this script)
from traffic import Call, drive, report_mix, send, server_times  # noqa: E402

from indicators.models import Indicator, ValueType  # noqa: E402
from zones.models import Cohort, Zone  # noqa: E402

FLOOD_LABELS = {"api zones", "api observations"}


def the_mix(token: str, session: str = "") -> list[Call]:
    """Pages (signed in with ``session``) and API calls (with ``token``) over a few zones and
    indicators of the generated data."""
    codes = list(
        Indicator.objects.filter(value_type=ValueType.AMOUNT)
        .order_by("sort_order")
        .values_list("code", flat=True)[:3]
    )
    zones = list(Zone.objects.order_by("id").values_list("slug", flat=True)[:5])
    cohort = Cohort.objects.order_by("slug").values_list("slug", flat=True)[0]
    year = world.LAST_YEAR
    compare = "&".join([*(f"zone={z}" for z in zones[:3]), *(f"indicator={c}" for c in codes)])
    pages = [
        Call("page /", "/", session=session),
        *(Call("page /zones/<slug>/", f"/zones/{z}/", session=session) for z in zones[:3]),
        *(
            Call("page /rankings/", f"/rankings/?indicator={c}&year={year}", session=session)
            for c in codes[:2]
        ),
        Call("page /compare/", f"/compare/?{compare}", session=session),
        Call("page /benchmark/", f"/benchmark/?zone={zones[0]}&cohort={cohort}", session=session),
        Call("page /indicators/", "/indicators/", session=session),
    ]
    api = [
        Call("api zones", "/api/v1/zones/?page_size=50", token),
        *(
            Call("api observations", f"/api/v1/observations/?zone={z}&indicator={codes[0]}", token)
            for z in zones
        ),
        Call("api rankings", f"/api/v1/rankings/?indicator={codes[0]}&year={year}", token),
        Call("api mrv", f"/api/v1/mrv/?indicator={codes[1]}", token),
        Call(
            "api compare",
            f"/api/v1/compare/?zone={','.join(zones[:3])}&indicator={','.join(codes)}",
            token,
        ),
        Call("api benchmark", f"/api/v1/benchmark/?zone={zones[1]}&cohort={cohort}", token),
    ]
    return pages + api


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def process_cpu(server_session: int) -> Counter[str]:
    """CPU seconds (user and system) of the live processes: the server's (its session),
    PostgreSQL's and Redis's; a process that ended meanwhile is counted in none of them."""
    totals: Counter[str] = Counter()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:  # the process ended meanwhile
            continue
        name = text[text.index("(") + 1 : text.rindex(")")]
        fields = text[text.rindex(")") + 2 :].split()  # state, ppid, pgrp, session, ...
        seconds = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime
        if int(fields[3]) == server_session:
            totals["gunicorn"] += seconds
        elif name in ("postgres", "redis-server"):
            totals[name.removesuffix("-server")] += seconds
    return totals


def machine_cpu() -> tuple[float, float]:
    """(busy, all) CPU seconds of the whole machine since it started, every core summed."""
    ticks = [int(n) for n in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = ticks[3] + ticks[4]  # idle, iowait
    return (sum(ticks) - idle) / CLOCK_TICKS, sum(ticks) / CLOCK_TICKS


@dataclass
class CpuShares:
    """Where the machine's CPU went during a phase, in CPU seconds."""

    client: float
    processes: Counter[str]
    busy: float
    total: float

    @classmethod
    def now(cls, server_session: int) -> "CpuShares":
        busy, total = machine_cpu()
        return cls(time.process_time(), process_cpu(server_session), busy, total)

    def since(self, before: "CpuShares") -> str:
        total = self.total - before.total
        spent = {"load generator": self.client - before.client}
        for name in ("gunicorn", "postgres", "redis"):
            spent[name] = self.processes[name] - before.processes[name]
        spent["everything else"] = self.busy - before.busy - sum(spent.values())
        spent["idle"] = total - (self.busy - before.busy)
        shares = ", ".join(
            f"{name} {seconds:.1f} s ({100 * seconds / total:.0f}%)"
            for name, seconds in spent.items()
        )
        return f"CPU of the {os.cpu_count()} cores: {shares}"


def start_server(
    *, port: int, database_url: str, redis_url: str, anon_rate: str, work: Path
) -> subprocess.Popen:
    """``make serve`` with two workers, signing with this process's ``SECRET_KEY``."""
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DEBUG", "REDIS_URL"}
    }
    environment.update(
        SECRET_KEY=settings.SECRET_KEY,
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        WEB_CONCURRENCY="2",
        API_THROTTLE_RATE=anon_rate,
        SECURE_SSL_REDIRECT="0",  # plain HTTP on loopback; TLS ends at a proxy in production
        STATIC_ROOT=str(work / "static"),
        MEDIA_ROOT=str(work / "media"),
        HOST="127.0.0.1",
        PORT=str(port),
    )
    log = (work / "server.log").open("wb")
    process = subprocess.Popen(
        ["make", "serve"],
        cwd=ROOT,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"the server exited:\n{(work / 'server.log').read_text()}")
        if send(port, Call("healthz", "/healthz")).status == 200:
            return process
        time.sleep(0.5)
    stop_server(process)
    sys.exit("the server did not answer /healthz within 5 minutes")


def stop_server(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def run(args, work: Path) -> None:
    user, _ = User.objects.get_or_create(username="load-benchmark", defaults={"is_staff": True})
    token, _ = Token.objects.get_or_create(user=user)
    # The pages sign in with a session made here, which the server reads only if both sign
    # with the same key: the anonymous page quota would otherwise decide the result.
    settings.SECRET_KEY = secrets.token_urlsafe(50)
    browser = Client()
    browser.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = browser.cookies[settings.SESSION_COOKIE_NAME].value
    calls = [
        call
        for call in the_mix(token.key, session)
        if args.mix == "all" or call.label.startswith(args.mix.removesuffix("s"))
    ]
    db = connection.settings_dict
    database_url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    connection.close()  # the server migrates this database; hold no session open on it

    redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/1")
    # The cache of another database's data would be served as this one's.
    redis.Redis.from_url(redis_url).flushdb()
    port = free_port()
    print(
        f"starting `make serve` (2 workers) on 127.0.0.1:{port}, cache {redis_url}, "
        f"anonymous API rate {args.anon_rate}"
    )
    server = start_server(
        port=port,
        database_url=database_url,
        redis_url=redis_url,
        anon_rate=args.anon_rate,
        work=work,
    )
    log = work / "server.log"
    try:
        print("warm-up, one request each (ms, client side):")
        for call in calls:
            outcome = send(port, call)
            print(f"  {outcome.seconds * 1000:7.0f}  {outcome.status}  {call.path}")
            if outcome.status != 200:
                sys.exit(f"{call.path} answered {outcome.status}:\n{log.read_text()[-3000:]}")

        mark = log.stat().st_size
        cpu_before = CpuShares.now(server.pid)
        outcomes, elapsed = drive(
            port,
            calls,
            connections=args.connections,
            seconds=args.duration,
            max_requests=args.max_requests,
        )
        label_of = {call.path: call.label for call in calls}
        served: dict[str, list[int]] = defaultdict(list)
        for path, ms in server_times(log, mark):
            served[label_of.get(path, path)].append(ms)
        cpu = CpuShares.now(server.pid).since(cpu_before)
        report_mix(outcomes, elapsed, served)
        print(f"  {cpu}")
        print(f"  load average (1 min) after the mix: {os.getloadavg()[0]:.1f}")

        # The cheapest API calls, so the flood outruns the anonymous rate.
        anonymous = [Call("anonymous api", c.path) for c in the_mix("") if c.label in FLOOD_LABELS]
        flood, elapsed = drive(
            port,
            anonymous,
            connections=args.connections,
            seconds=args.flood_seconds,
            max_requests=args.max_requests,
        )
        statuses = Counter(o.status for o in flood)
        errors = sum(n for status, n in statuses.items() if status == 0 or status >= 500)
        print(
            f"\nanonymous flood: {len(flood)} requests in {elapsed:.1f} s from "
            f"{args.connections} connections: {statuses[200]} x 200, {statuses[429]} x 429, "
            f"errors {errors}, other {len(flood) - statuses[200] - statuses[429] - errors}"
        )
    finally:
        stop_server(server)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    world.add_world_arguments(parser, zones=300)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--duration", type=float, default=30, help="seconds of the mix")
    parser.add_argument("--flood-seconds", type=float, default=30)
    parser.add_argument("--max-requests", type=int, default=100_000, help="per phase")
    parser.add_argument(
        "--mix", choices=["all", "pages", "api"], default="all", help="which requests to send"
    )
    parser.add_argument(
        "--anon-rate",
        default="600/hour",
        help="the server's anonymous API rate (API_THROTTLE_RATE); a lower one shows the 429s "
        "of a short flood",
    )
    parser.add_argument("--keep", action="store_true", help="keep and reuse the database")
    args = parser.parse_args()
    world.check_world_arguments(parser, args)
    if not 1 <= args.connections <= 200 or not 0 < args.duration <= 300:
        parser.error("1 to 200 connections, for at most 300 seconds")

    # A database of its own, not the test suite's test_<name>.
    load_database = f"{connection.settings_dict['NAME']}_load"
    with test_database(keep=args.keep, serialize=False, name=load_database):
        world.ensure_world(args)
        for fact, value in world.facts():
            print(f"{fact:<26} {value}")
        # Other work on the machine shares its cores: say how busy it was.
        print(f"{'load average (1, 5 min)':<26} {os.getloadavg()[0]:.1f}, {os.getloadavg()[1]:.1f}")
        with tempfile.TemporaryDirectory(prefix="zonebench-load-") as work:
            run(args, Path(work))


if __name__ == "__main__":
    main()
