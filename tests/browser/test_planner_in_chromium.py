"""The planner's pages in real Chromium at a phone's and a laptop's size, in both languages:
no sideways scrolling, plotly fetched only where a chart is."""

from urllib.parse import urlencode

import pytest

from tests.browser.test_dashboards_in_chromium import COMPARE_QUERY, wait_drawn
from tests.security.test_hostile_query_strings import PAGE_PATHS

pytestmark = pytest.mark.browser

PAGES = [
    "/",
    "/zones/",
    "/zones/shenzhen-longgang/",
    "/rankings/?indicator=gdp",
    f"/compare/?{COMPARE_QUERY}",
    "/benchmark/?zone=shenzhen-longgang&cohort=east-urban-new-centres-52",
    "/indicators/",
    "/sources/",
]
# and every page of the URL conf with its example selection (the CSV addresses are not pages)
PAGES += [
    f"{path}?{urlencode(query)}" if query else path
    for name, (path, query) in PAGE_PATHS.items()
    if not name.endswith("-csv")
]
PAGES += ["/?province=广东省", "/compare/?zone=shenzhen-longgang&zone=shanghai-pudong&scale=index"]
SIZES = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1366, "height": 768}}


def fetched(page):
    return page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")


def test_a_page_without_a_chart_fetches_no_plotly(page):
    page.goto(page.base + "/zones/")
    page.wait_for_load_state("load")
    assert not any("plotly" in name for name in fetched(page))
    page.goto(page.base + "/")
    wait_drawn(page, "overview-ranking")
    assert any("plotly" in name for name in fetched(page))


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_no_page_scrolls_sideways(chromium, seeded_live, size, language):
    context = chromium.new_context(viewport=SIZES[size])
    context.set_default_timeout(60000)  # every chart of ~20 pages, on a shared machine
    context.add_cookies([{"name": "django_language", "value": language, "url": seeded_live.url}])
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    wide = {}
    for path in PAGES:
        page.goto(seeded_live.url + path)
        for chart in page.locator("[data-figure]").all():
            page.wait_for_selector(f"#{chart.get_attribute('id')}[data-drawn='true']")
        # how far the page itself moves when asked to scroll right, and how much wider than
        # the window its content is
        moved = page.evaluate("() => { window.scrollTo(10000, 0); return window.scrollX; }")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if moved > 0 or overflow > 0:
            wide[path] = max(moved, overflow)
    context.close()
    assert wide == {}, f"pages that scroll sideways (by px) at {SIZES[size]['width']} px: {wide}"
    assert errors == []


def test_phone_navigation_folds_behind_the_menu_button(chromium, seeded_live):
    context = chromium.new_context(viewport=SIZES["phone"])
    page = context.new_page()
    page.goto(seeded_live.url + "/")
    nav = page.locator("header nav")
    assert not nav.is_visible()
    page.locator("label[for=nav-toggle]").click()
    assert nav.is_visible()
    page.locator("header nav a[href='/rankings/']").click()
    page.wait_for_url("**/rankings/")
    context.close()
