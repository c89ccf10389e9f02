"""The peers page and the profile's "zones like this one" in real Chromium, on the shipped
data: what plotly.js draws is what the API answers."""

import re

import pytest

from tests.browser.test_dashboards_in_chromium import api_json, drawn_trace, wait_drawn
from tests.browser.zone_picker import pick_zone

pytestmark = pytest.mark.browser


def test_longgangs_nearest_peers_are_drawn_as_the_api_gives_them(page, screenshots):
    page.goto(page.base + "/peers/")
    pick_zone(page, "lg", "shenzhen-longgang", by="keyboard")
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_url(re.compile(r"zone=shenzhen-longgang"))
    api = api_json(page, "/api/v1/peers/?zone=shenzhen-longgang")
    assert api["enough_data"] and api["peers"], api
    wait_drawn(page, "peers")
    trace = drawn_trace(page, "peers")
    assert trace["x"] == [peer["distance"] for peer in api["peers"]]
    rows = page.locator(".peers-table tbody tr")
    assert rows.count() == len(api["peers"])
    # each peer names the indicators behind its distance, with both figures and their years
    first = api["peers"][0]
    reasons = page.locator(f'tr[data-peer="{first["zone"]}"] .reason')
    assert reasons.count() == first["shared"]
    assert "%" in reasons.first.inner_text() and "→" in reasons.first.inner_text()
    page.screenshot(path=str(screenshots / "peers.png"), full_page=True)


def test_the_peer_set_opens_in_compare_and_the_profile_shows_its_peers(page):
    page.goto(page.base + "/zones/shenzhen-longgang/")
    wait_drawn(page, "profile-peers")
    api = api_json(page, "/api/v1/peers/?zone=shenzhen-longgang&k=5")
    assert drawn_trace(page, "profile-peers")["x"] == [p["distance"] for p in api["peers"]]
    page.locator("#peer-set-links a", has_text="对比").click()
    page.wait_for_url(re.compile(r"/compare/"))
    for peer in api["peers"]:
        assert peer["zone"] in page.url


def test_a_zone_without_enough_figures_says_so_and_draws_nothing(page):
    page.goto(page.base + "/peers/?zone=shanghai-zhangjiang")
    assert page.locator("#peers-not-enough").count() == 1
    assert page.locator("[data-figure]").count() == 0


def test_the_eastern_new_centres_overlap_heat_map_is_the_apis(page, screenshots):
    query = "cohort=east-urban-new-centres-52"
    page.goto(page.base + f"/overlap/?{query}")
    wait_drawn(page, "overlap")
    api = api_json(page, f"/api/v1/overlap/?{query}")
    drawn = page.evaluate("() => document.getElementById('overlap').data[0].z")
    assert drawn == api["jaccard"] and len(drawn) == len(api["zones"]) >= 2
    assert page.locator("#crowded tbody tr").count() == len(api["crowded"])
    page.screenshot(path=str(screenshots / "overlap.png"), full_page=True)
