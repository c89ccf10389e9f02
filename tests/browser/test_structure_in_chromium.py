"""The 产城融合 page and the five development models page in real Chromium, on the shipped
data: what plotly.js draws is what the API answers."""

import re

import pytest

from tests.browser.test_dashboards_in_chromium import api_json, drawn_trace, wait_drawn
from tests.browser.zone_picker import pick_zone

pytestmark = pytest.mark.browser


def test_the_integration_scatter_and_longgang_s_path_are_the_apis(page, screenshots):
    page.goto(page.base + "/integration/")
    pick_zone(page, "龙岗", "shenzhen-longgang")
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_url(re.compile(r"zone=shenzhen-longgang"))
    year = page.locator("select[name=year]").input_value()
    api = api_json(page, f"/api/v1/integration/?zone=shenzhen-longgang&year={year}")
    enough = [item for item in api["zones"] if item["enough_data"]]
    assert enough, api["zones"]
    wait_drawn(page, "integration")
    scatter = drawn_trace(page, "integration")
    assert scatter["x"] == [item["u1"] for item in enough]
    assert scatter["y"] == [item["u2"] for item in enough]
    path = [item for item in api["path"] if item["enough_data"]]
    if path:
        assert drawn_trace(page, "integration", 1)["x"] == [item["u1"] for item in path]
    # every zone lacking a subsystem is listed with its reason, without a D
    lacking = [item for item in api["zones"] if not item["enough_data"]]
    for item in lacking:
        row = page.locator(f'#integration-table tr[data-zone="{item["zone"]}"]')
        assert row.get_attribute("data-d") == ""
        assert item["reason_zh"] in row.inner_text()
    assert "廖重斌" in page.locator("#citation").inner_text()
    page.screenshot(path=str(screenshots / "integration.png"), full_page=True)


def test_the_models_page_names_the_members_and_draws_the_apis_figures(page, screenshots):
    page.goto(page.base + "/models/")
    api = api_json(page, "/api/v1/models/")
    for group in api["groups"]:
        item = page.locator(f'#model-members li[data-model="{group["model"]}"]')
        for member in group["members"]:
            assert member["name_zh"] in item.inner_text()
    page.select_option("select[name=indicator]", "gdp")
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_url(re.compile(r"indicator=gdp"))
    wait_drawn(page, "models")
    gdp = next(item for item in api["indicators"] if item["code"] == "gdp")
    drawn = drawn_trace(page, "models")
    assert drawn["y"] == [f["value"] for g in gdp["groups"] for f in g["figures"]]
    page.screenshot(path=str(screenshots / "models.png"), full_page=True)
