"""Every page opened in real Chromium: selections, drawn marks, numbers equal to the API's,
language switch, CSV/PNG export, error pages. Any console error fails the test (conftest)."""

import json
import re
from collections import Counter
from urllib.parse import parse_qs, urlparse

import pytest

from tests.browser.zone_picker import pick_zone

pytestmark = pytest.mark.browser

COMPARE_QUERY = (
    "zone=shenzhen-longgang&zone=shenzhen-baoan&zone=tianjin-binhai&zone=shanghai-pudong"
    "&indicator=gdp&indicator=sei_value_added&indicator=sei_va_share"
    "&indicator=sei_industrial_output_share&indicator=sei_va_growth"
)


def wait_drawn(page, chart_id):
    page.wait_for_selector(f'#{chart_id}[data-drawn="true"]')


def drawn_trace(page, chart_id, index=0):
    """The data plotly.js holds for a drawn chart (what the reader sees)."""
    return page.evaluate(
        "([id, i]) => { const t = document.getElementById(id).data[i];"
        " return {x: t.x, y: t.y, base: t.base, name: t.name}; }",
        [chart_id, index],
    )


def api_json(page, path):
    response = page.request.get(page.base + path)
    assert response.ok, response.text()
    return response.json()


def test_overview_draws_ranking_with_cohort_lines_and_map(page, screenshots):
    page.goto(page.base + "/")
    wait_drawn(page, "overview-ranking")
    wait_drawn(page, "overview-map")
    assert page.locator("#overview-ranking .bars .point path").count() >= 1
    assert page.locator("#overview-ranking .shapelayer path").count() >= 1  # cohort lines
    assert page.locator("#overview-map .scattergeo .point").count() >= 1
    assert page.locator("#overview-map .choroplethlocation").count() >= 1  # the provinces

    selection = parse_qs(urlparse(page.locator("a.csv-link").first.get_attribute("href")).query)
    api = api_json(
        page,
        f"/api/v1/rankings/?indicator={selection['indicator'][0]}&year={selection['year'][0]}",
    )
    trace = drawn_trace(page, "overview-ranking")
    assert trace["y"] == [row["value"] for row in api["rows"]]

    zones = api_json(page, "/api/v1/zones/?page_size=500")
    count = zones["count"] if isinstance(zones, dict) else len(zones)
    page.screenshot(path=str(screenshots / "overview.png"), full_page=False)
    # every zone is listed, a page of the table at a time
    listed = page.locator("#zone-latest tbody th a").count()
    for number in range(2, 10):
        if page.locator("nav.pager").count() == 0 or listed >= count:
            break
        page.goto(f"{page.base}/?page={number}")
        listed += page.locator("#zone-latest tbody th a").count()
    assert listed == count


def test_rankings_selection_lives_in_the_url_and_matches_the_api(page):
    page.goto(page.base + "/rankings/")
    page.select_option("select[name=indicator]", "sei_industrial_output_share")
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_url(re.compile(r"indicator=sei_industrial_output_share"))
    pick_zone(page, "滨海", "tianjin-binhai")
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_url(re.compile(r"zone=tianjin-binhai"))
    wait_drawn(page, "ranking")
    query = urlparse(page.url).query
    api = api_json(page, f"/api/v1/rankings/?{query}")
    trace = drawn_trace(page, "ranking")
    assert trace["y"] == [row["value"] for row in api["rows"]]
    assert page.locator("#ranking .bars .point path").count() == api["n"]
    rank = next(row for row in api["rows"] if row["zone"] == "tianjin-binhai")
    assert f"第 {rank['rank']} 名，共 {api['n']} 个" in page.locator("p.highlight").inner_text()

    # reloading the URL reproduces the same view
    page.goto(page.url)
    wait_drawn(page, "ranking")
    assert drawn_trace(page, "ranking")["y"] == trace["y"]


def test_compare_draws_bars_radar_and_table_equal_to_the_api(page, screenshots):
    page.goto(page.base + "/compare/")
    for text, slug in [
        ("龙岗", "shenzhen-longgang"),
        ("宝安", "shenzhen-baoan"),
        ("滨海", "tianjin-binhai"),
        ("浦东", "shanghai-pudong"),
    ]:
        pick_zone(page, text, slug)
    page.select_option(
        "select[name=indicator]",
        ["gdp", "sei_value_added", "sei_va_share", "sei_industrial_output_share", "sei_va_growth"],
    )
    page.locator("#compare-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"indicator=sei_va_growth"))
    wait_drawn(page, "bars-sei_industrial_output_share")
    assert page.locator("#bars-sei_industrial_output_share .bars .point path").count() >= 2

    selection = parse_qs(urlparse(page.url).query)
    api = api_json(
        page,
        f"/api/v1/compare/?zone={','.join(selection['zone'])}"
        f"&indicator={','.join(selection['indicator'])}",
    )
    per_zone = Counter(zone for zone, _ in {(row["zone"], row["indicator"]) for row in api["rows"]})
    radar_zones = [zone for zone, n in per_zone.items() if n >= 3]
    if len(radar_zones) >= 2:
        wait_drawn(page, "radar")
        assert page.locator("#radar .scatterlayer .trace").count() == len(radar_zones)
    else:  # the real documents hold too few figures per zone: the page says so
        assert page.locator("#no-radar").is_visible()
    rows = page.locator("#compare-table tbody tr[data-value]")
    shown = sorted(
        (
            r.get_attribute("data-zone"),
            r.get_attribute("data-indicator"),
            float(r.get_attribute("data-value")),
        )
        for r in rows.all()
    )
    assert shown == sorted((r["zone"], r["indicator"], r["value"]) for r in api["rows"])
    expected = {
        r["zone_name_zh"]: r["value"]
        for r in api["rows"]
        if r["indicator"] == "sei_industrial_output_share"
    }
    trace = drawn_trace(page, "bars-sei_industrial_output_share")
    drawn = dict(zip(trace["x"], trace["y"], strict=True))
    assert drawn == expected
    page.locator("#compare-table").scroll_into_view_if_needed()
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(screenshots / "compare.png"), full_page=True)


def test_hitech_ranking_against_the_mean_of_all_national_hightech_zones(page, screenshots):
    # The national high-tech zones' 2020 GDP, the cohort's mean (derived from the total of all
    # zones) as the reference line, Chengdu highlighted: the README's screenshot.
    query = (
        "indicator=gdp&year=2020&period=FY&cohort=national-hightech-zones"
        "&zone=chengdu-hightech-zone"
    )
    page.goto(page.base + "/rankings/?" + query)
    wait_drawn(page, "ranking")
    api = api_json(page, "/api/v1/rankings/?" + query)
    assert api["n"] >= 4
    assert {average["cohort"] for average in api["cohort_averages"]} == {"national-hightech-zones"}
    assert drawn_trace(page, "ranking")["y"] == [row["value"] for row in api["rows"]]
    assert page.locator("#ranking .shapelayer path").count() >= 1  # the mean's line
    rank = next(row for row in api["rows"] if row["zone"] == "chengdu-hightech-zone")
    assert f"第 {rank['rank']} 名，共 {api['n']} 个" in page.locator("p.highlight").inner_text()
    page.screenshot(path=str(screenshots / "hitech_ranking.png"), full_page=False)

    page.goto(page.base + "/benchmark/?zone=chengdu-hightech-zone&cohort=national-hightech-zones")
    wait_drawn(page, "benchmark")
    benchmark = api_json(
        page, "/api/v1/benchmark/?zone=chengdu-hightech-zone&cohort=national-hightech-zones"
    )
    assert page.locator("#benchmark .bars .point path").count() == len(benchmark["rows"]) >= 1


def test_benchmark_diverging_bars_equal_the_api_ratios(page):
    page.goto(page.base + "/benchmark/")
    pick_zone(page, "龙岗", "shenzhen-longgang", by="keyboard")
    page.select_option("select[name=cohort]", "east-urban-new-centres-52")
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_url(re.compile(r"cohort=east-urban-new-centres-52"))
    api = api_json(page, "/api/v1/benchmark/?" + urlparse(page.url).query)
    if not api["rows"]:
        assert page.locator("p.no-data").count() >= 1
        return
    wait_drawn(page, "benchmark")
    trace = drawn_trace(page, "benchmark")
    assert [round(trace["base"] + x, 4) for x in trace["x"]] == [r["ratio"] for r in api["rows"]]
    assert page.locator("#benchmark .bars .point path").count() == len(api["rows"])


def test_zone_directory_search_and_profile(page):
    page.goto(page.base + "/zones/")
    page.fill("input[name=q]", "龙岗")
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_url(re.compile(r"q="))
    links = page.locator("#zone-table tbody a")
    assert links.count() == 1
    links.first.click()
    page.wait_for_url(re.compile(r"/zones/shenzhen-longgang/"))
    assert page.locator("#standing tbody tr").count() >= 5
    wait_drawn(page, "sectors")
    assert "共" in page.locator("#standing td.rank").first.inner_text()


def test_catalogue_and_sources_pages_open(page):
    page.goto(page.base + "/indicators/")
    assert page.locator("#indicator-table tbody tr").count() >= 10
    page.goto(page.base + "/sources/")
    assert page.locator("section.source").count() >= 5


def test_language_switch_to_english_and_back(page):
    page.goto(page.base + "/rankings/?indicator=gdp")
    assert page.locator("h1").inner_text() == "排名"
    page.click("#lang-en")
    page.wait_for_selector("html[lang=en]")
    assert page.locator("h1").inner_text() == "Rankings"
    assert "indicator=gdp" in page.url  # the selection survives the switch
    wait_drawn(page, "ranking")
    title = page.locator("#ranking .gtitle").text_content()
    assert title.startswith("Gross domestic product")  # the chart speaks English too
    page.click("#lang-zh-hans")
    page.wait_for_selector("html[lang=zh-hans]")
    assert page.locator("h1").inner_text() == "排名"


def test_every_chart_offers_csv_and_png(page):
    page.goto(page.base + "/rankings/?indicator=gdp&year=2024")
    wait_drawn(page, "ranking")
    with page.expect_download() as csv_download:
        page.locator("a.csv-link").click()
    text = csv_download.value.path().read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("rank,out_of,zone")
    with page.expect_download() as png_download:
        page.locator("button[data-png-for=ranking]").click()
    assert png_download.value.suggested_filename.endswith(".png")


def test_bad_query_string_gives_a_page_naming_the_parameter(page):
    page.problems.allowed_statuses.update({400, 404})
    response = page.goto(page.base + "/rankings/?indicator=gdp&year=abc")
    assert response.status == 400
    assert page.locator("code.param").inner_text() == "year"
    response = page.goto(page.base + "/compare/?zone=atlantis&indicator=gdp")
    assert response.status == 404
    assert page.locator("code.param").inner_text() == "zone"


def test_chart_json_keeps_database_text_inert(page):
    page.goto(page.base + "/")
    wait_drawn(page, "overview-ranking")
    figure = json.loads(page.locator("#overview-ranking-data").text_content())
    assert isinstance(figure["data"], list)
