"""The denominator switch in real Chromium, on the shipped data: a ranking switched to per km²
through the form draws the values the API gives for the same query."""

import re

import pytest

from tests.browser.test_dashboards_in_chromium import api_json, drawn_trace, wait_drawn

pytestmark = pytest.mark.browser


def test_a_ranking_switched_to_per_km2_draws_the_apis_values(page):
    page.goto(page.base + "/rankings/?indicator=gdp&year=2020")
    wait_drawn(page, "ranking")
    absolute = drawn_trace(page, "ranking")["y"]
    page.select_option("select[name=per]", "km2")
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_url(re.compile(r"per=km2"))
    wait_drawn(page, "ranking")
    api = api_json(page, "/api/v1/rankings/?indicator=gdp&year=2020&period=FY&per=km2")
    drawn = drawn_trace(page, "ranking")
    # the shipped data: Shenzhen high-tech zone and Suzhou Industrial Park have an area
    assert [row["zone"] for row in api["rows"]] == [
        "shenzhen-hightech-zone",
        "suzhou-industrial-park",
    ]
    assert drawn["y"] == [row["value"] for row in api["rows"]]
    assert drawn["y"] != absolute[: len(drawn["y"])]
    assert api["per"]["unit"] == "亿元/平方公里"
    # every zone with a 2020 GDP but no area is listed as "no data", not drawn
    assert page.locator("tr.not-ranked").count() == len(api["not_ranked"]) >= 1
    # the chart's CSV is the divided ranking too
    assert page.locator("a[href*='/rankings/csv/'][href*='per=km2']").count() >= 1
    # a denominator that does not apply to the chosen indicator is greyed out in the form
    page.select_option("select[name=indicator]", "rd_intensity")
    assert page.locator("select[name=per] option[value=km2]").is_disabled()
    assert page.locator("select[name=per]").input_value() == ""
