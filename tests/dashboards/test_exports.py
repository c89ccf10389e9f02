"""Every chart's figure JSON carries what its PNG needs to stand alone (``layout.meta.export``):
a title with the zones, indicator, year and period and unit, the source lines and a file name
saying what it is. The browser test draws and downloads one."""

import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from dashboards.exports import Export, filename, source_lines
from tests.dashboards.test_pages import chart_data
from tests.factories import SourceFactory

CHART_PAGES = [
    ("dashboards:home", {}),
    ("dashboards:rankings", {"indicator": "gdp", "year": "2024", "zone": "alpha"}),
    (
        "dashboards:compare",
        {"zone": ["alpha", "beta"], "indicator": ["gdp", "unemployment", "rd_intensity"]},
    ),
    ("dashboards:benchmark", {"zone": "alpha", "cohort": "east-52"}),
]


@pytest.mark.parametrize(("name", "query"), CHART_PAGES)
def test_every_chart_of_a_page_has_an_export_title_sources_and_ascii_file_name(
    client, dataset, name, query
):
    response = client.get(reverse(name), query)
    assert response.status_code == 200
    chart_ids = re.findall(r'data-figure="([\w-]+)-data"', response.content.decode())
    assert chart_ids
    for chart_id in chart_ids:
        meta = chart_data(response, chart_id)["layout"]["meta"]["export"]
        assert meta["title"], chart_id
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", meta["filename"]), meta["filename"]


def test_compare_bars_export_names_zones_indicator_year_period_and_unit(client, dataset):
    response = client.get(
        reverse("dashboards:compare"), {"zone": ["alpha", "beta"], "indicator": "gdp"}
    )
    meta = chart_data(response, "bars-gdp")["layout"]["meta"]["export"]
    assert meta["title"] == "甲区、乙区 · 地区生产总值 · 2024 全年 · 单位：亿元"
    assert meta["filename"] == "alpha-beta-gdp-2024"
    assert meta["source"] == ["来源：2024年统计公报"]
    lines = chart_data(response, "lines-gdp")["layout"]["meta"]["export"]
    assert lines["filename"] == "alpha-beta-gdp-2023-2024"  # only alpha has 2023: the years drawn


def test_profile_series_export_is_the_zone_the_indicator_and_its_years(client, dataset):
    response = client.get(reverse("dashboards:zone-detail", args=["alpha"]))
    meta = chart_data(response, "series-gdp")["layout"]["meta"]["export"]
    assert meta["title"] == "甲区 · 地区生产总值 · 2023–2024 全年 · 单位：亿元"
    assert meta["filename"] == "alpha-gdp-2023-2024"


def test_ranking_export_in_english_names_the_peer_set_and_unit(client, dataset):
    with translation.override("en"):
        response = client.get(
            reverse("dashboards:rankings"),
            {"indicator": "gdp", "year": "2024", "cohort": "east-52"},
            HTTP_ACCEPT_LANGUAGE="en",
        )
    meta = chart_data(response, "ranking")["layout"]["meta"]["export"]
    assert meta["filename"] == "ranking-gdp-east-52-2024"
    assert "GDP · 2024" in meta["title"]


def test_the_evil_zone_name_in_an_export_title_cannot_close_the_script(client, dataset):
    response = client.get(
        reverse("dashboards:compare"), {"zone": ["evil", "alpha"], "indicator": "gdp"}
    )
    html = response.content.decode()
    assert html.count("</script><script>alert") == 0
    meta = chart_data(response, "bars-gdp")["layout"]["meta"]["export"]
    assert meta["title"].startswith('</script><script>alert("x")</script>')
    assert meta["filename"] == "evil-alpha-gdp-2024"


def test_file_name_counts_zones_beyond_three_and_keeps_ascii():
    export = Export(
        subject="", what="", when="", zones=["a", "b", "c", "d"], slug=["GDP", "2019-2024"]
    )
    assert filename(export, fallback="x") == "4-zones-gdp-2019-2024"
    assert filename(Export(subject="", what="", when="", slug=["地区"]), fallback="x") == "x"


@pytest.mark.django_db
def test_source_lines_give_publisher_title_date_then_how_many_more():
    first = SourceFactory(
        key="s1",
        title="统计公报",
        title_en="Bulletin",
        publisher="龙岗区统计局",
        published=date(2025, 4, 1),
    )
    others = [SourceFactory(key=f"s{i}", title=f"来源{i}") for i in range(2, 6)]
    with translation.override("zh-hans"):
        lines = source_lines([first, *others], language="zh-hans")
    assert lines[0] == "来源：龙岗区统计局, 统计公报, 2025-04-01"
    assert lines[-1] == "另有 2 个来源"
    assert len(lines) == 4
    with translation.override("en"):
        assert source_lines([first], language="en") == [
            "Source: 龙岗区统计局, Bulletin, 2025-04-01"
        ]
