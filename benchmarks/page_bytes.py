"""Transferred bytes of pages as the production server serves them: the document and every
subresource it fetches, compressed as sent over the wire.

    .venv/bin/python benchmarks/page_bytes.py [--root DIR] [PATH ...]   (default: /)

In a temporary directory: a SQLite database with `make data`'s fixtures and the two bulletin
files, `collectstatic` (whitenoise: compressed copies under hashed names), then gunicorn with
DEBUG off on a free loopback port. Debian's Chromium (Playwright) opens each path at 1366x768,
waits until every chart is drawn and the network is idle, and prints one line per response
(status, encoded body bytes as sent, decoded bytes, address) and the totals. ``--root`` runs
another checkout of the project (e.g. ``git archive <commit>`` unpacked), to measure a page
before a change. Traffic goes to 127.0.0.1 only; the server is stopped at the end.
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from support import ROOT, free_port  # beside this script

FIXTURES = "sources indicators zones cohorts observations bulletin_zones bulletin_aliases"
FIXTURES += " hitech_zones hitech_aliases schemes"
CHROMIUM = "/usr/bin/chromium"


def prepare(root: Path, work: Path, env: dict) -> None:
    python = str(ROOT / ".venv" / "bin" / "python")

    def manage(*args):
        subprocess.run([python, "manage.py", *args], cwd=root, env=env, check=True)

    manage("migrate", "--no-input", "-v", "0")
    manage("loaddata", *FIXTURES.split(), "-v", "0")
    manage("load_bulletins")
    manage("load_bulletins", "fixtures/hitech/hitech_zones.csv")
    manage("collectstatic", "--no-input", "-v", "0")


def measure(base: str, path: str) -> list[tuple[int, int, int, str]]:
    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 768})
        page = context.new_page()
        page.set_default_timeout(120000)
        responses = []
        page.on("requestfinished", lambda request: responses.append(request))
        page.goto(base + path, wait_until="networkidle")
        for chart in page.locator("[data-figure]").all():
            chart_id = chart.get_attribute("id")
            page.wait_for_selector(f'#{chart_id}[data-drawn="true"]')
        page.wait_for_load_state("networkidle")
        for request in responses:
            response = request.response()
            sizes = request.sizes()
            decoded = len(response.body()) if response else 0
            status = response.status if response else 0
            encoded = sizes["responseBodySize"]
            rows.append((status, encoded, decoded, request.url.removeprefix(base)))
        browser.close()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=["/"])
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout to serve")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DATABASE_URL")}
        env |= {
            "DATABASE_URL": f"sqlite:///{work / 'bytes.sqlite3'}",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "SECURE_SSL_REDIRECT": "0",
            "STATIC_ROOT": str(work / "static"),
            "MEDIA_ROOT": str(work / "media"),
            "DJANGO_SETTINGS_MODULE": "config.settings",
        }
        env.pop("REDIS_URL", None)
        prepare(args.root, work, env)
        port = free_port()
        server = subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "gunicorn"), "--bind", f"127.0.0.1:{port}"]
            + ["--workers", "1", "config.wsgi"],
            cwd=args.root,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(240):
                try:
                    urllib.request.urlopen(base + "/healthz", timeout=2)
                    break
                except OSError:
                    time.sleep(0.5)
            for path in args.paths:
                rows = measure(base, path)
                print(f"== {path} ({args.root})")
                print(f"{'status':>6} {'sent':>10} {'decoded':>10}  address")
                for status, encoded, decoded, url in rows:
                    print(f"{status:>6} {encoded:>10,} {decoded:>10,}  {url}")
                sent, decoded = sum(r[1] for r in rows), sum(r[2] for r in rows)
                print(f"{'total':>6} {sent:>10,} {decoded:>10,}  {len(rows)} responses")
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
