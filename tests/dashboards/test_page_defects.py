"""Regression tests for the defects a planner met: bad input answered with the site's own
pages (never a 500), selections kept, honest "no data" messages and charts that stay legible."""

import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from indicators.models import Period
from tests.dashboards.test_pages import chart_data
from tests.factories import (
    CohortFactory,
    CohortStatisticFactory,
    IndicatorFactory,
    ObservationFactory,
)


def test_compare_with_a_reversed_year_range_is_a_400_naming_year_from(client, dataset):
    response = client.get(
        reverse("dashboards:compare"),
        {"zone": "alpha", "indicator": "gdp", "year_from": "2024", "year_to": "2019"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert '<code class="param">year_from</code>' in html
    assert "<code>2024</code>" in html


def test_too_many_query_fields_get_the_sites_400_page(client, dataset):
    fields = "&".join(f"zone=z{i}" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))
    response = client.get(f"{reverse('dashboards:compare')}?{fields}")
    assert response.status_code == 400
    html = response.content.decode()
    assert "请求有误 (400)" in html and "Bad request" in html
    assert 'href="/static/css/site.css"' in html or "site.css" in html


def test_too_many_selections_come_back_ticked_with_the_other_choices_kept(client, dataset):
    zones = [f"zone-{i}" for i in range(13)]
    response = client.get(
        reverse("dashboards:compare"), {"zone": zones, "indicator": "gdp", "period": "FY"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    form = re.search(r'<form method="get"[^>]*id="narrow-selection">(.*?)</form>', html, re.S)
    assert form, "no form to narrow the selection"
    ticked = re.findall(r'<input type="checkbox" name="zone" value="([^"]+)" checked>', form[1])
    assert ticked == zones
    hidden = re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', form[1])
    assert sorted(hidden) == [("indicator", "gdp"), ("period", "FY")]
    # the link that drops the bad parameter keeps the others
    retry = re.search(r'<a href="([^"]+)" id="retry">', html)[1]
    assert "indicator=gdp" in retry and "zone=" not in retry


def test_unknown_address_gets_the_sites_bilingual_404_page(client, dataset):
    assert not settings.DEBUG
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "找不到该页面 (404)" in html and "Page not found" in html


@pytest.mark.urls("tests.dashboards.urls_failing")
def test_a_failure_gets_the_sites_bilingual_500_page_without_its_details(db):
    assert not settings.DEBUG
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "服务器出错 (500)" in html and "Server error" in html
    assert "a failure the page must not show" not in html


def test_ranking_years_with_values_follow_the_peer_filter(client, dataset):
    # gamma is not a member of east-52: its 2021 figure must not be offered for that cohort
    ObservationFactory(
        zone=dataset["zones"][2],
        indicator=dataset["gdp"],
        year=2021,
        value=Decimal("100"),
        source=dataset["source"],
    )
    html = client.get(
        reverse("dashboards:rankings"), {"indicator": "gdp", "cohort": "east-52", "year": 2019}
    ).content.decode()
    message = re.search(r'<p class="no-data" id="no-ranking">(.*?)</p>', html, re.S)[1]
    linked = re.findall(r"year=(\d+)", message)
    assert linked == ["2024", "2023"]
    unfiltered = client.get(
        reverse("dashboards:rankings"), {"indicator": "gdp", "year": 2019}
    ).content.decode()
    message = re.search(r'<p class="no-data" id="no-ranking">(.*?)</p>', unfiltered, re.S)[1]
    assert "2021" in message


def test_a_highlighted_zone_without_a_value_says_so_with_its_latest_year(client, dataset):
    html = client.get(
        reverse("dashboards:rankings"), {"indicator": "gdp", "year": 2023, "zone": "beta"}
    ).content.decode()
    message = re.search(r'<p class="highlight unranked" id="unranked-highlight">(.*?)</p>', html)
    assert message, "the highlighted zone's missing value is not mentioned"
    assert "乙区" in message[1] and "2023 全年无数据（最近：2024）" in message[1]


def test_a_highlighted_zone_outside_the_peer_set_is_said_to_be(client, dataset):
    html = client.get(
        reverse("dashboards:rankings"),
        {"indicator": "gdp", "year": 2024, "zone": "gamma", "cohort": "east-52"},
    ).content.decode()
    message = re.search(r'id="unranked-highlight">(.*?)</p>', html)[1]
    assert "丙区" in message and "不在所选排名范围内" in message


def test_two_cohort_reference_lines_are_named_in_the_legend_not_in_overlapping_labels(
    client, dataset
):
    districts = CohortFactory(
        slug="east-353", name_zh="东部353个区", name_en="353 eastern districts"
    )
    CohortStatisticFactory(
        cohort=districts,
        indicator=dataset["gdp"],
        year=2024,
        value=Decimal("1400"),
        source=dataset["source"],
    )
    for url in ("dashboards:rankings", "dashboards:home"):
        response = client.get(reverse(url), {"indicator": "gdp", "year": 2024})
        figure = chart_data(response, "ranking" if url.endswith("rankings") else "overview-ranking")
        layout = figure["layout"]
        assert not layout.get("annotations"), "labels drawn on the plot can overlap"
        names = [shape["name"] for shape in layout["shapes"] if shape.get("showlegend")]
        assert len(names) == 2
        assert any("东部52个城市新中心" in name for name in names)
        assert any("东部353个区" in name for name in names)


def test_a_part_year_series_keeps_its_colour_on_every_chart_of_the_profile(client, dataset):
    alpha = dataset["zones"][0]
    for indicator in (dataset["gdp"], dataset["unemployment"]):
        for year in (2023, 2024):
            ObservationFactory(
                zone=alpha,
                indicator=indicator,
                year=year,
                period=Period.M9,
                value=Decimal("2.0"),
                source=dataset["source"],
            )
    ObservationFactory(
        zone=alpha,
        indicator=dataset["unemployment"],
        year=2023,
        value=Decimal("3.0"),
        source=dataset["source"],
    )
    response = client.get(reverse("dashboards:zone-detail", args=["alpha"]), {"periods": "all"})
    colours = {}
    for chart_id in ("series-gdp", "series-unemployment"):
        for trace in chart_data(response, chart_id)["data"]:
            colours.setdefault(trace["name"], set()).add(trace["line"]["color"])
    assert set(colours) == {"甲区", "甲区（前三季度）"}
    assert all(len(found) == 1 for found in colours.values()), colours
    assert colours["甲区"] != colours["甲区（前三季度）"]


def test_compare_keeps_one_colour_per_zone_on_every_chart(client, dataset):
    query = {"zone": ["alpha", "beta"], "indicator": ["gdp", "unemployment", "rd_intensity"]}
    response = client.get(reverse("dashboards:compare"), query)
    seen = {}
    for code in ("gdp", "unemployment", "rd_intensity"):
        (bars,) = chart_data(response, f"bars-{code}")["data"]
        for name, colour in zip(bars["x"], bars["marker"]["color"], strict=True):
            seen.setdefault(name, set()).add(colour)
    for trace in chart_data(response, "lines-gdp")["data"]:
        seen.setdefault(trace["name"], set()).add(trace["line"]["color"])
    for trace in chart_data(response, "radar")["data"]:
        seen.setdefault(trace["name"], set()).add(trace["line"]["color"])
    assert set(seen) == {"甲区", "乙区"}
    assert all(len(colours) == 1 for colours in seen.values()), seen
    assert seen["甲区"] != seen["乙区"]


def test_compare_lines_indexed_to_the_first_common_year(client, dataset):
    query = {"zone": ["alpha", "beta"], "indicator": ["gdp"], "scale": "index"}
    ObservationFactory(
        zone=dataset["zones"][1],
        indicator=dataset["gdp"],
        year=2023,
        value=Decimal("1000"),
        source=dataset["source"],
    )
    figure = chart_data(client.get(reverse("dashboards:compare"), query), "lines-gdp")
    series = {
        trace["name"]: dict(zip(trace["x"], trace["y"], strict=True)) for trace in figure["data"]
    }
    assert series["甲区"] == {2023: 100.0, 2024: round(3000.5 / 2800 * 100, 2)}
    assert series["乙区"] == {2023: 100.0, 2024: 200.0}
    assert "2023 年 = 100" in figure["layout"]["title"]["text"]
    response = client.get(reverse("dashboards:compare"), {**query, "scale": "ratio"})
    assert response.status_code == 400


def test_compare_says_when_zones_share_no_year_to_index(client, dataset):
    query = {"zone": ["alpha", "ninemonth"], "indicator": ["gdp"], "scale": "index"}
    ObservationFactory(
        zone=dataset["zones"][0],
        indicator=dataset["gdp"],
        year=2022,
        period=Period.M9,
        value=Decimal("10"),
        source=dataset["source"],
    )
    html = client.get(reverse("dashboards:compare"), {**query, "period": "9M"}).content.decode()
    assert 'id="lines-gdp-unindexed"' in html


def sentence(html, code):
    found = re.search(
        rf'<tr class="sentence" data-sentence-for="{code}">\s*<td colspan="6">(.*?)</td>',
        html,
        re.S,
    )
    assert found, f"no sentence for {code}"
    return " ".join(found[1].split())


def test_profile_says_each_figure_in_a_sentence_with_the_cohort_mean_and_rank(client, dataset):
    html = client.get(reverse("dashboards:zone-detail", args=["alpha"])).content.decode()
    assert sentence(html, "gdp") == (
        "甲区 2024 年（全年）地区生产总值 3,000.5 亿元，"
        "是“东部52个城市新中心”平均值（1,500 亿元）的 2 倍，位列有数据的 4 个园区第 1。"
    )
    row = re.search(r'<tr data-indicator="gdp">(.*?)</tr>', html, re.S)[1]
    assert "1,500 亿元" in row and "+1,500.5" in row  # the mean itself and the gap


def test_a_zone_alone_with_data_is_the_only_one_not_first_of_one(client, dataset):
    html = client.get(reverse("dashboards:zone-detail", args=["ninemonth"])).content.decode()
    assert sentence(html, "gdp").endswith("是唯一有数据的园区。")
    row = re.search(r'<tr data-indicator="gdp">(.*?)</tr>', html, re.S)[1]
    assert "唯一有数值的园区" in row and "第 1 名" not in row


def test_benchmark_lists_every_cohort_statistic_it_cannot_compare_and_why(client, dataset):
    cohort, source = dataset["cohort"], dataset["source"]

    def stat(indicator, **fields):
        CohortStatisticFactory(cohort=cohort, indicator=indicator, source=source, **fields)

    stat(dataset["gdp"], statistic="median", value=Decimal("1200"))
    stat(dataset["gdp"], year=2023, value=Decimal("1400"))
    stat(dataset["gdp"], period=Period.M9, value=Decimal("900"))
    stat(dataset["rd"], year=2022, value=Decimal("2.5"))
    parks = IndicatorFactory(code="parks", name_zh="园区数", unit="个")
    stat(parks, value=Decimal("7"))
    html = client.get(
        reverse("dashboards:benchmark"), {"zone": "alpha", "cohort": "east-52"}
    ).content.decode()
    table = re.search(r'<table id="uncompared-table">(.*?)</table>', html, re.S)[1]
    found = re.findall(r'<tr data-indicator="(\w+)"\s+data-year="(\d+)"\s+data-why="(\w+)">', table)
    assert sorted(found) == sorted(
        [
            ("gdp", "2024", "not_a_mean"),
            ("gdp", "2023", "older_year"),
            ("gdp", "2024", "other_period"),
            ("rd_intensity", "2022", "other_year"),
            ("parks", "2024", "no_zone_value"),
        ]
    )
    assert "有数值的年份：2024" in table
    # the means it compares are in the benchmark's own table, not here
    assert 'data-indicator="unemployment"' not in table
