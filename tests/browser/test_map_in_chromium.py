"""The overview's map of China in real Chromium: the drawn points are the API's zones with
coordinates in China, coloured by the ranking's figures, and a click opens the zone's page.
The outlines come from the app (the conftest fails on any request leaving it)."""

import re

import pytest

from tests.browser.test_dashboards_in_chromium import api_json, wait_drawn

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def patient(page):
    """plotly.js and the outlines are fetched after first paint: on a loaded machine
    (2 cores shared) that can take longer than the default 15 s."""
    page.set_default_timeout(60000)


def drawn_points(page, trace):
    return page.evaluate(
        "i => document.getElementById('overview-map').data[i].customdata.map(c => c[1])", trace
    )


def test_map_draws_the_apis_located_zones_in_china_with_the_rankings_values(page, screenshots):
    page.goto(page.base + "/?indicator=gdp&year=2024")
    wait_drawn(page, "overview-map")
    assert page.locator("#overview-map .choroplethlocation").count() == 34  # the provinces
    zones = api_json(page, "/api/v1/zones/?page_size=500")
    zones = zones["results"] if isinstance(zones, dict) else zones
    located = {
        zone["slug"]
        for zone in zones
        if zone["latitude"] is not None and zone["region"] != "abroad"
    }
    with_value, without = drawn_points(page, 1), drawn_points(page, 0)
    assert set(with_value) | set(without) == located
    assert not set(with_value) & set(without)
    points = page.locator("#overview-map .scattergeo .point").count()
    assert points == len(located)

    ranking = api_json(page, "/api/v1/rankings/?indicator=gdp&year=2024&page_size=500")
    values = {row["zone"]: row["value"] for row in ranking["rows"]}
    colours = page.evaluate("document.getElementById('overview-map').data[1].marker.color")
    assert dict(zip(with_value, colours, strict=True)) == {
        slug: values[slug] for slug in with_value
    }
    assert not set(without) & set(values)  # "no data" zones have no figure, not a zero
    page.locator("#map").scroll_into_view_if_needed()
    page.locator("#overview-map").screenshot(path=str(screenshots / "map.png"))


def test_clicking_a_point_opens_its_zones_profile(page):
    page.goto(page.base + "/?indicator=gdp&year=2024")
    wait_drawn(page, "overview-map")
    slug = drawn_points(page, 1)[-1]
    point = page.locator("#overview-map .scattergeo").nth(1).locator(".point").last
    point.scroll_into_view_if_needed()
    box = point.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    hover = page.locator("#overview-map .hoverlayer").text_content()
    assert "2024" in hover and "来源" in hover
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_url(re.compile(rf"/zones/{re.escape(slug)}/$"))


def test_the_province_view_is_framed_on_that_province(page):
    page.goto(page.base + "/")
    page.select_option("select[name=province]", "广东省")
    page.locator("#map + form button[type=submit]").click()
    page.wait_for_url(re.compile(r"province="))
    wait_drawn(page, "overview-map")
    slugs = set(drawn_points(page, 0)) | set(drawn_points(page, 1))
    zones = api_json(page, "/api/v1/zones/?province=广东省&page_size=500")
    zones = zones["results"] if isinstance(zones, dict) else zones
    assert slugs == {zone["slug"] for zone in zones if zone["latitude"] is not None}
    assert "shenzhen-longgang" in slugs
