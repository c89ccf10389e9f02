"""Real Chromium (Debian's /usr/bin/chromium) driven by Playwright against live_server.

Every page records console errors, uncaught exceptions and any request that leaves the app
(the app must work with no internet); a test fails if any were seen.
"""

import io
import os
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command

from tests.conftest import FIXTURES

# Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the
# fixtures from the same thread are safe here.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# The README's screenshots are refreshed only when asked (`make screenshots`), so a test run
# leaves the work tree as it was.
README_SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
HITECH_FILE = Path(__file__).resolve().parents[2] / "fixtures" / "hitech" / "hitech_zones.csv"


@pytest.fixture(scope="session")
def chromium():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (never a browser download)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def seeded_live(transactional_db, live_server):
    """live_server with the data `make run` serves: the fixtures, the bulletins and the high-tech
    zones' figures (committed, so the server's thread sees them)."""
    call_command("loaddata", *FIXTURES, verbosity=0)
    call_command("load_bulletins", stdout=io.StringIO(), stderr=io.StringIO())
    call_command("load_bulletins", str(HITECH_FILE), stdout=io.StringIO(), stderr=io.StringIO())
    return live_server


class PageProblems(list):
    """Console errors, page errors and outside requests seen by one page."""

    allowed_statuses: set[int]

    def __init__(self):
        super().__init__()
        self.allowed_statuses = set()


@pytest.fixture
def page(chromium, seeded_live):
    context = chromium.new_context(
        locale="zh-CN", viewport={"width": 1280, "height": 900}, accept_downloads=True
    )
    page = context.new_page()
    problems = PageProblems()
    own_host = urlparse(seeded_live.url).netloc

    def on_console(message):
        if message.type != "error":
            return
        text = message.text
        if any(f"status of {status}" in text for status in problems.allowed_statuses):
            return
        problems.append(f"console: {text}")

    def on_route(route):
        if urlparse(route.request.url).netloc in (own_host, ""):
            route.continue_()
        else:
            problems.append(f"outside request: {route.request.url}")
            route.abort()

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.route("**/*", on_route)
    page.problems = problems
    page.base = seeded_live.url
    page.set_default_timeout(15000)
    yield page
    context.close()
    assert list(problems) == [], problems


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory):
    if os.environ.get("ZONEBENCH_SCREENSHOTS") != "1":
        return tmp_path_factory.mktemp("screenshots")
    README_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return README_SCREENSHOTS


EDITOR_PASSWORD = "a-long-editor-password-for-tests"


@pytest.fixture
def editor(page):
    """A steward of the "editor" role (``create_roles``), not a superuser."""
    call_command("create_roles", verbosity=0)
    user = User.objects.create_user("editor", password=EDITOR_PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="editor"))
    return user


def log_in(page, username: str, password: str = EDITOR_PASSWORD) -> None:
    """Log in through the admin's login page."""
    page.goto(page.base + "/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.locator("input[type=submit]").click()
    page.wait_for_url(page.base + "/admin/")
