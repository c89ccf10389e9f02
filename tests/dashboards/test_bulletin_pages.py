"""Zone pages with the bulletins loaded: multi-year series, part-year periods only when asked,
official-only charts, and a mark beside every figure from a source less than official."""

import html as html_lib
import re

import pytest
from django.urls import reverse

from indicators.bulletin_services import bulletin_load
from indicators.management.commands.load_bulletins import DEFAULT_FILE
from tests.dashboards.test_pages import chart_data, csv_rows


@pytest.fixture
def bulletins(seeded_db):
    report = bulletin_load(file=DEFAULT_FILE, dry_run=False)
    assert report.written
    return report


def zone_page(client, slug, **query):
    return client.get(reverse("dashboards:zone-detail", args=[slug]), query)


def points(figure):
    return {
        (trace["name"], x, y)
        for trace in figure["data"]
        for x, y in zip(trace["x"], trace["y"], strict=True)
    }


def test_series_charts_draw_full_year_figures_only_by_default(client, bulletins):
    figure = chart_data(zone_page(client, "shenzhen-longgang"), "series-gdp")
    # 2023 from the bulletin (a mirror), 2024 from document 002: one full-year line.
    assert [(t["x"], t["y"]) for t in figure["data"]] == [([2023, 2024], [5043.03, 5901.27])]


def test_part_year_figures_join_only_when_asked_each_period_its_own_labelled_line(
    client, bulletins
):
    figure = chart_data(zone_page(client, "shenzhen-longgang", periods="all"), "series-gdp")
    lines = {
        trace["name"]: list(zip(trace["x"], trace["y"], strict=True)) for trace in figure["data"]
    }
    assert lines == {
        "深圳市龙岗区": [(2023, 5043.03), (2024, 5901.27)],
        "深圳市龙岗区（前三季度）": [(2022, 3297.55), (2024, 3744.85)],
        "深圳市龙岗区（上半年）": [(2020, 2211.36)],
    }


def test_charts_limited_to_official_figures_drop_the_others(client, bulletins):
    everything = chart_data(zone_page(client, "shenzhen-guangming", periods="all"), "series-gdp")
    official = chart_data(
        zone_page(client, "shenzhen-guangming", periods="all", official="1"), "series-gdp"
    )
    # The H1 2023 (a mirror) and 9M 2024 (an aggregator) figures go; the official ones stay.
    assert ("深圳市光明区（上半年）", 2023, 700.87) in points(everything)
    assert points(official) == {("深圳市光明区", 2023, 1526.64), ("深圳市光明区", 2024, 1721.0)}
    markers = [symbol for trace in official["data"] for symbol in trace["marker"]["symbol"]]
    assert set(markers) == {"circle"}


def test_a_series_chart_links_the_api_csv_of_exactly_its_figures(client, bulletins):
    response = zone_page(client, "shenzhen-guangming", periods="all", official="1")
    figure = chart_data(response, "series-gdp")
    block = re.search(
        r'data-chart-block="series-gdp".*?class="csv-link"', response.content.decode(), re.S
    ).group(0)
    csv_url = html_lib.unescape(re.search(r'href="([^"]+)" class="csv-link"', block).group(1))
    assert "reliability=official" in csv_url
    rows = csv_rows(client.get(csv_url))
    assert {(int(row["year"]), float(row["value"])) for row in rows} == {
        (x, y) for _, x, y in points(figure)
    }


def test_figures_from_sources_less_than_official_carry_a_mark(client, bulletins):
    html = zone_page(client, "shenzhen-longgang").content.decode()
    row = re.search(r'<tr data-indicator="budget_revenue">(.*?)</tr>', html, re.S).group(1)
    # 2020 budget revenue from 读特/龙岗融媒, a media source
    assert 'class="reliability-mark" data-reliability="media"' in row
    html = zone_page(client, "shenzhen-guangming").content.decode()
    row = re.search(r'<tr data-indicator="gdp">(.*?)</tr>', html, re.S).group(1)
    assert "1,721" in row  # the 2024 government work report: official, no mark
    assert "reliability-mark" not in row
    figure = chart_data(zone_page(client, "shenzhen-longgang"), "series-gdp")
    assert figure["data"][0]["marker"]["symbol"] == ["circle-open", "circle-open"]


def test_two_scopes_of_one_territory_are_never_drawn_as_one_line(client, bulletins):
    figure = chart_data(zone_page(client, "guangzhou-huangpu", periods="all"), "series-gdp")
    assert {name for name, _, _ in points(figure)} == {
        "广州市黄埔区",
        "广州市黄埔区（前三季度）",
        "广州市黄埔区（上半年）",
    }
    assert 3104.43 not in {y for _, _, y in points(figure)}  # the development zone's 2020 GDP
    html = zone_page(client, "guangzhou-development-district").content.decode()
    row = re.search(r'<tr data-indicator="gdp">(.*?)</tr>', html, re.S).group(1)
    assert "3,104.43" in row and "4,339" not in row


@pytest.mark.parametrize(("param", "value"), [("periods", "some"), ("official", "yes")])
def test_a_bad_series_option_is_a_400_naming_it(client, bulletins, param, value):
    response = zone_page(client, "shenzhen-longgang", **{param: value})
    assert response.status_code == 400
    assert param in response.content.decode()


def test_the_zone_page_with_every_option_runs_a_fixed_number_of_queries(
    client, bulletins, django_assert_max_num_queries
):
    # 20 for the figures, series and sectors; up to 6 for "zones like this one", 2 for the
    # development stage, 11 for the composite-index section (years, scheme, zones, figures,
    # and again for the rank range)
    with django_assert_max_num_queries(39):
        response = zone_page(client, "shenzhen-longgang", periods="all", official="1")
    assert response.status_code == 200


def test_pudong_2024_shows_the_official_share_with_the_research_figure_beside_it(client, bulletins):
    page = zone_page(client, "shanghai-pudong")
    assert page.status_code == 200
    row = re.search(
        r'<tr data-indicator="sei_industrial_output_share">(.*?)</tr>', page.content.decode(), re.S
    ).group(1)
    _name, value_cell, *_, source_cell = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    # The preferred figure first, the other source's beside it, each naming its source.
    assert value_cell.index("53.6") < value_cell.index("另有来源报告") < value_cell.index("56")
    assert "#source-doc-002-ccid-urban-new-centres" in value_cell
    assert "政府工作报告" in html_lib.unescape(source_cell)
    assert "首选来源" in source_cell


def test_a_figure_only_one_source_gives_has_nothing_beside_it(client, bulletins):
    page = zone_page(client, "shenzhen-longgang").content.decode()
    assert "另有来源报告" not in page
