"""The composite index page in real Chromium: moving a weight slider rewrites the URL and the
ranking, and the drawn ranking equals the API's for the same query."""

import re
from urllib.parse import urlparse

import pytest

from tests.browser.test_dashboards_in_chromium import api_json, wait_drawn

pytestmark = pytest.mark.browser


def drawn_zones(page, chart_id="index-stacked"):
    """The zones of the stacked bars in drawn order (each trace's customdata[0])."""
    return page.evaluate(
        "id => document.getElementById(id).data[0].customdata.map(c => c[0])", chart_id
    )


def api_ranked(page, query):
    body = api_json(page, f"/api/v1/index/?{query}")
    return [row["zone"] for row in body["rows"] if row["rank"] is not None], body


def test_a_weight_slider_changes_the_url_and_the_ranking_as_the_api_does(page):
    page.goto(page.base + "/index/")
    wait_drawn(page, "index-stacked")
    wait_drawn(page, "index-ranges")
    wait_drawn(page, "index-coverage")
    before = drawn_zones(page)
    api_before, _ = api_ranked(page, "scheme=zonebench-balanced&year=2024")
    assert before == api_before

    page.evaluate(
        "() => { const s = document.querySelector('input[data-dimension=growth]');"
        " s.value = 100; s.dispatchEvent(new Event('change')); }"
    )
    page.wait_for_url(re.compile(r"weights=growth"))
    wait_drawn(page, "index-stacked")
    query = urlparse(page.url).query
    after = drawn_zones(page)
    api_after, body = api_ranked(page, query)
    assert after == api_after
    assert after != before
    assert body["custom_weights"] is True
    weights = {d["code"]: d["weight"] for d in body["scheme"]["dimensions"]}
    assert weights["growth"] > 0.5 and sum(weights.values()) == pytest.approx(1, abs=1e-3)
    assert page.locator("#index-table tbody tr").count() == len(api_after)

    # the link reproduces the same ranking
    page.goto(page.url)
    wait_drawn(page, "index-stacked")
    assert drawn_zones(page) == after
