"""The zone picker in real Chromium: typing pinyin initials or a name lists the zones from
the search API, grouped, flagged when they lack data; picked by keyboard and mouse; chips
removable with Backspace; the compare page then draws exactly the chosen zones."""

import re
from urllib.parse import parse_qs, urlparse

import pytest

from tests.browser.test_dashboards_in_chromium import api_json, drawn_trace, wait_drawn
from tests.browser.zone_picker import pick_zone, type_search

pytestmark = pytest.mark.browser


def chips(page):
    return page.locator(".picker-chips .chip").evaluate_all("els => els.map(el => el.dataset.slug)")


def test_typing_lg_and_a_name_picks_two_zones_and_compare_draws_them(page, screenshots):
    page.goto(page.base + "/compare/")
    page.select_option("select[name=indicator]", ["gdp"])
    field = page.locator("#zone-picker-q")
    assert field.get_attribute("role") == "combobox"
    assert field.get_attribute("aria-expanded") == "false"
    assert page.locator("select[name=zone]").count() == 0

    # "lg": pinyin initials; the list is the search API's answer, grouped by kind and region
    type_search(page, "lg")
    assert field.get_attribute("aria-expanded") == "true"
    api = api_json(page, "/api/v1/zones/search/?q=lg&indicator=gdp&limit=20")
    offered = page.locator("#zone-picker-list [role=option]").evaluate_all(
        "els => els.map(el => el.dataset.slug)"
    )
    assert offered == [z["slug"] for g in api["groups"] for z in g["zones"]]
    assert page.locator("#zone-picker-list [role=group]").count() == len(api["groups"])
    flagged = page.locator("#zone-picker-list [role=option]:has(.no-data)").evaluate_all(
        "els => els.map(el => el.dataset.slug)"
    )
    assert flagged == [z["slug"] for g in api["groups"] for z in g["zones"] if not z["has_data"]]
    page.screenshot(path=str(screenshots / "zone_picker.png"), full_page=False)

    pick_zone(page, "lg", "shenzhen-longgang", by="keyboard")
    assert field.get_attribute("aria-expanded") == "false" and field.input_value() == ""
    pick_zone(page, "宝安", "shenzhen-baoan", by="mouse")
    # a third, then Backspace in the empty field takes the last chip away again
    pick_zone(page, "浦东", "shanghai-pudong")
    assert chips(page) == ["shenzhen-longgang", "shenzhen-baoan", "shanghai-pudong"]
    field.press("Backspace")
    assert chips(page) == ["shenzhen-longgang", "shenzhen-baoan"]
    # a chip's own button removes it too; picking it again puts it back at the end
    page.locator('.chip[data-slug="shenzhen-longgang"] .chip-remove').click()
    pick_zone(page, "龙岗", "shenzhen-longgang")
    assert chips(page) == ["shenzhen-baoan", "shenzhen-longgang"]

    page.locator("#compare-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"zone=shenzhen-longgang"))
    query = parse_qs(urlparse(page.url).query)
    assert query["zone"] == ["shenzhen-baoan", "shenzhen-longgang"] and "q" not in query
    assert chips(page) == ["shenzhen-baoan", "shenzhen-longgang"]  # the server's chips

    wait_drawn(page, "bars-gdp")
    compared = api_json(
        page, "/api/v1/compare/?zone=shenzhen-baoan,shenzhen-longgang&indicator=gdp"
    )
    values = {(r["zone_name_zh"], r["year"]): r["value"] for r in compared["rows"]}
    trace = drawn_trace(page, "bars-gdp")
    year = int(re.search(r"(\d{4})", page.locator("#bars-gdp .gtitle").text_content()).group(1))
    assert dict(zip(trace["x"], trace["y"], strict=True)) == {
        name: value for (name, y), value in values.items() if y == year
    }
    assert set(trace["x"]) <= {"深圳市宝安区", "深圳市龙岗区"}


def test_a_single_choice_picker_replaces_its_zone(page):
    page.goto(page.base + "/benchmark/?zone=shenzhen-longgang")
    assert chips(page) == ["shenzhen-longgang"]
    pick_zone(page, "宝安", "shenzhen-baoan", by="keyboard")
    assert chips(page) == ["shenzhen-baoan"]
    page.locator("#zone-picker-q").press("Backspace")
    assert chips(page) == []
    page.select_option("select[name=cohort]", "east-urban-new-centres-52")
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_url(re.compile(r"cohort="))
    assert parse_qs(urlparse(page.url).query, keep_blank_values=True)["zone"] == [""]
