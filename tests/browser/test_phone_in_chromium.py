"""Charts on a phone (390x844) in real Chromium: legends under the plot, not beside it; the
map as wide as the screen; and the README's phone-sized screenshot."""

import pytest

from tests.browser.test_dashboards_in_chromium import COMPARE_QUERY

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(chromium, seeded_live):
    context = chromium.new_context(viewport=PHONE, locale="zh-CN")
    context.set_default_timeout(60000)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.base = seeded_live.url
    yield page
    context.close()
    assert errors == []


def box(page, selector):
    return page.locator(selector).first.bounding_box()


def test_a_legend_sits_under_the_plot_on_a_phone(phone):
    phone.goto(f"{phone.base}/compare/?{COMPARE_QUERY}")
    chart = "#lines-gdp"
    phone.wait_for_selector(f"{chart}[data-drawn='true']")
    legend = box(phone, f"{chart} .legend")
    plot = box(phone, f"{chart} .draglayer .xy .nsewdrag")
    assert legend["y"] >= plot["y"] + plot["height"]  # under the plot area
    assert plot["width"] > 0.6 * PHONE["width"]  # the plot keeps the width
    assert (
        phone.evaluate("document.querySelector('#lines-gdp')._fullLayout.legend.orientation") == "h"
    )


def test_the_map_fills_a_phones_width_and_its_legend_is_under_it(phone, screenshots):
    phone.goto(phone.base + "/")
    phone.wait_for_selector("#overview-map[data-drawn='true']")
    geo = box(phone, "#overview-map .choroplethlayer")  # the provinces
    chart = box(phone, "#overview-map")
    assert chart["x"] >= 0 and chart["x"] + chart["width"] <= PHONE["width"]
    assert geo["width"] > 0.8 * chart["width"]
    legend = box(phone, "#overview-map .legend")
    assert legend["y"] > box(phone, "#overview-map .choroplethlocation")["y"]
    phone.screenshot(path=str(screenshots / "phone_overview.png"), full_page=False)
    phone.evaluate("document.getElementById('overview-map').scrollIntoView({block: 'start'})")
    phone.screenshot(path=str(screenshots / "phone_map.png"), full_page=False)
