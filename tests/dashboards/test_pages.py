import re

from django.urls import reverse

from analysis.benchmark import zone_benchmark
from analysis.compare import compare_table
from analysis.ranking import zone_ranking
from tests.dashboards.pages import chart_data, csv_rows
from tests.factories import IndicatorFactory, ObservationFactory, ZoneFactory


def test_home_lists_every_zone_with_its_latest_figures_and_their_source(client, dataset):
    response = client.get(reverse("dashboards:home"))
    assert response.status_code == 200
    html = response.content.decode()
    for zone in dataset["zones"]:
        assert f'data-zone="{zone.slug}"' in html
    alpha_rows = re.findall(r'<tr data-zone="alpha">(.*?)</tr>', html, re.S)
    gdp_row = next(row for row in alpha_rows if "地区生产总值" in row)
    # the 2024 value (not 2023's), thousands separator, unit, year, period, source
    assert "3,000.5 亿元" in gdp_row
    assert "2024" in gdp_row
    assert "全年" in gdp_row
    assert "2024年统计公报" in gdp_row


def test_home_shows_no_data_for_a_zone_without_figures_never_zero(client, dataset):
    html = client.get(reverse("dashboards:home")).content.decode()
    row = re.search(r'<tr data-zone="empty">(.*?)</tr>', html, re.S).group(1)
    assert "无数据" in row
    assert ">0<" not in row and " 0 " not in row


def test_home_labels_a_nine_month_figure_as_such(client, dataset):
    html = client.get(reverse("dashboards:home")).content.decode()
    row = re.search(r'<tr data-zone="ninemonth">(.*?)</tr>', html, re.S).group(1)
    assert "前三季度" in row
    assert "9,999 亿元" in row


def test_overview_chart_values_equal_the_analysis_ranking(client, dataset):
    response = client.get(reverse("dashboards:home"), {"indicator": "gdp", "year": 2024})
    figure = chart_data(response, "overview-ranking")
    ranking = zone_ranking(indicator="gdp", year=2024)
    assert figure["data"][0]["y"] == [row.value for row in ranking.rows]
    # a horizontal reference line at each cohort average
    lines = [shape["y0"] for shape in figure["layout"]["shapes"]]
    assert lines == [average.value for average in ranking.cohort_averages] == [1500.0]


def test_rankings_page_never_ranks_a_nine_month_figure_with_full_year_ones(client, dataset):
    response = client.get(reverse("dashboards:rankings"), {"indicator": "gdp", "year": 2024})
    figure = chart_data(response, "ranking")
    assert "九月区" not in figure["data"][0]["x"]
    assert figure["data"][0]["y"] == [3000.5, 2000.0, 2000.0, 10.0]


def test_rankings_page_says_what_a_rank_is_out_of(client, dataset):
    response = client.get(
        reverse("dashboards:rankings"), {"indicator": "gdp", "year": 2024, "zone": "beta"}
    )
    html = response.content.decode()
    assert "第 2 名，共 4 个 2024 年有数值的园区" in html
    assert "有数值的 4 个园区" in html
    figure = chart_data(response, "ranking")
    colours = figure["data"][0]["marker"]["color"]
    assert colours.count(colours[1]) == 1  # the selected zone alone is highlighted


def test_rankings_of_a_nine_month_period_are_labelled(client, dataset):
    response = client.get(
        reverse("dashboards:rankings"), {"indicator": "gdp", "year": 2024, "period": "9M"}
    )
    html = response.content.decode()
    assert "前三季度" in html and "不与全年数据比较" in html
    assert chart_data(response, "ranking")["data"][0]["y"] == [9999.0]


def test_lower_is_better_indicator_ranks_the_lowest_first(client, dataset):
    response = client.get(
        reverse("dashboards:rankings"), {"indicator": "unemployment", "year": 2024}
    )
    assert chart_data(response, "ranking")["data"][0]["x"] == ["乙区", "甲区"]


def test_ranking_csv_holds_exactly_the_rows_of_the_chart(client, dataset):
    query = {"indicator": "gdp", "year": 2024, "cohort": "east-52"}
    figure = chart_data(client.get(reverse("dashboards:rankings"), query), "ranking")
    response = client.get(reverse("dashboards:rankings-csv"), query)
    assert response["Content-Type"].startswith("text/csv")
    rows = [row for row in csv_rows(response) if row["rank"]]
    assert [row["name_zh"] for row in rows] == figure["data"][0]["x"] == ["甲区", "乙区"]
    assert [float(row["value"]) for row in rows] == figure["data"][0]["y"]
    assert [row["out_of"] for row in rows] == ["2", "2"]


def test_unknown_zone_profile_is_404(client, dataset):
    assert client.get(reverse("dashboards:zone-detail", args=["atlantis"])).status_code == 404


def test_zone_directory_filters_and_searches(client, dataset):
    ZoneFactory(slug="far-west", name_zh="西部区", name_en="Far West", region="west")
    html = client.get(reverse("dashboards:zone-list"), {"region": "west"}).content.decode()
    assert 'data-zone="far-west"' in html and 'data-zone="alpha"' not in html
    html = client.get(reverse("dashboards:zone-list"), {"q": "Beta"}).content.decode()
    assert 'data-zone="beta"' in html and 'data-zone="alpha"' not in html
    html = client.get(reverse("dashboards:zone-list"), {"cohort": "east-52"}).content.decode()
    assert 'data-zone="alpha"' in html and 'data-zone="gamma"' not in html


def test_zone_directory_and_the_api_search_the_same_way(client, dataset):
    ZoneFactory(slug="far-west", name_zh="西部区", name_en="Far West", city="喀什市")
    html = client.get(reverse("dashboards:zone-list"), {"q": "喀什"}).content.decode()
    assert 'data-zone="far-west"' in html and 'data-zone="alpha"' not in html
    rows = client.get("/api/v1/zones/", {"q": "喀什"}).json()["results"]
    assert [row["slug"] for row in rows] == ["far-west"]


def test_zone_profile_shows_rank_out_of_and_cohort_ratio(client, dataset):
    response = client.get(reverse("dashboards:zone-detail", args=["beta"]))
    html = response.content.decode()
    row = re.search(r'<tr data-indicator="gdp">(.*?)</tr>', html, re.S).group(1)
    assert "第 2 名，共 4 个2024年（全年）有数值的园区" in row
    ratio = zone_ranking(indicator="gdp", year=2024).rows[1].cohort_ratios["east-52"]
    assert f"×{ratio:.2f}".rstrip("0") in row  # 2000 / 1500 = 1.3333 -> ×1.33


def test_zone_profile_draws_a_time_series_where_there_are_several_years(client, dataset):
    response = client.get(reverse("dashboards:zone-detail", args=["alpha"]))
    figure = chart_data(response, "series-gdp")
    assert figure["data"][0]["x"] == [2023, 2024]
    assert figure["data"][0]["y"] == [2800.0, 3000.5]


def test_compare_charts_and_table_come_from_the_analysis_core(client, dataset):
    query = {
        "zone": ["alpha", "beta", "empty"],
        "indicator": ["gdp", "unemployment", "rd_intensity"],
    }
    response = client.get(reverse("dashboards:compare"), query)
    assert response.status_code == 200
    bars = chart_data(response, "bars-gdp")
    table = compare_table(zones=query["zone"], indicators=query["indicator"])
    gdp_2024 = {
        r["zone_name_zh"]: r["value"]
        for r in table
        if r["indicator"] == "gdp" and r["year"] == 2024
    }
    # one year only (the latest the zones with a value share), said in the title
    assert len(bars["data"]) == 1
    assert dict(zip(bars["data"][0]["x"], bars["data"][0]["y"], strict=True)) == gdp_2024
    assert "2024" in bars["layout"]["title"]["text"]
    radar = chart_data(response, "radar")
    assert {trace["name"] for trace in radar["data"]} == {"甲区", "乙区"}
    assert len(radar["data"][0]["r"]) == 4  # three axes, closed
    html = response.content.decode()
    # the template's formatter wraps a long tag's attributes: compare with white space folded
    assert 'class="missing" data-zone="empty" data-indicator="gdp"' in " ".join(html.split())


def test_compare_csv_only_holds_the_chart_indicator(client, dataset):
    query = {"zone": ["alpha", "beta"], "indicator": ["gdp", "unemployment"], "only": "gdp"}
    rows = csv_rows(client.get(reverse("dashboards:compare-csv"), query))
    assert {row["indicator"] for row in rows} == {"gdp"}
    assert sorted(float(row["value"]) for row in rows) == [2000.0, 2800.0, 3000.5]


def test_benchmark_draws_the_ratio_to_the_cohort_mean(client, dataset):
    query = {"zone": "alpha", "cohort": "east-52"}
    response = client.get(reverse("dashboards:benchmark"), query)
    figure = chart_data(response, "benchmark")
    result = zone_benchmark(zone="alpha", cohort="east-52")
    bar = figure["data"][0]
    ends = [round(bar["base"] + x, 4) for x in bar["x"]]
    assert ends == [row.ratio for row in result.rows]
    rows = csv_rows(client.get(reverse("dashboards:benchmark-csv"), query))
    assert [float(row["ratio"]) for row in rows] == [row.ratio for row in result.rows]


def test_zone_profile_draws_the_three_sector_structure(client, dataset):
    for code, value in (
        ("primary_share", "0.5"),
        ("secondary_share", "60"),
        ("tertiary_share", "39.5"),
    ):
        indicator = IndicatorFactory(
            code=code, name_zh=code, unit="%", value_type="share", category="industry_structure"
        )
        ObservationFactory(
            zone=dataset["zones"][0], indicator=indicator, source=dataset["source"], value=value
        )
    response = client.get(reverse("dashboards:zone-detail", args=["alpha"]))
    figure = chart_data(response, "sectors")
    assert [trace["name"] for trace in figure["data"]] == [
        "primary_share",
        "secondary_share",
        "tertiary_share",
    ]
    assert sum(trace["y"][0] for trace in figure["data"]) == 100.0
    assert figure["layout"]["barmode"] == "stack"


def test_ranking_pickers_mark_indicators_without_data_and_offer_only_years_with_data(
    client, dataset
):
    html = client.get(reverse("dashboards:rankings"), {"indicator": "gdp"}).content.decode()
    assert (
        re.search(r'<option value="rd_intensity">[^<]*</option>', html).group(0).find("无数据")
        == -1
    )
    year_select = re.search(r'<select name="year">(.*?)</select>', html, re.S).group(1)
    assert re.findall(r'value="(\d+)"', year_select) == ["2024", "2023"]
    html = client.get(
        reverse("dashboards:rankings"), {"indicator": "gdp", "period": "9M"}
    ).content.decode()
    assert "无数据" in re.search(r'<option value="rd_intensity">[^<]*</option>', html).group(0)


def test_profile_series_csv_uses_the_period_of_the_chart(client, dataset):
    response = client.get(reverse("dashboards:zone-detail", args=["ninemonth"]))
    html = response.content.decode()
    assert "period=9M" in html or "前三季度" in html
    rows = csv_rows(
        client.get(
            reverse("dashboards:compare-csv"),
            {"zone": "ninemonth", "indicator": "gdp", "period": "9M"},
        )
    )
    assert [(row["period"], float(row["value"])) for row in rows] == [("9M", 9999.0)]


def test_a_year_without_data_says_so_and_links_the_years_that_have_data(client, dataset):
    response = client.get(reverse("dashboards:rankings"), {"indicator": "gdp", "year": 2019})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<option value="2019" selected>2019 — 无数据</option>' in html
    message = re.search(r'<p class="no-data" id="no-ranking">(.*?)</p>', html, re.S).group(1)
    assert "2019 年该期间没有任何园区有数值" in message
    assert 'href="?indicator=gdp&amp;year=2024"' in message and "year=2023" in message
    assert 'data-figure="ranking-data"' not in html


def test_compare_chart_titles_name_the_period(client, dataset):
    query = {"zone": ["ninemonth"], "indicator": ["gdp"], "period": "9M"}
    response = client.get(reverse("dashboards:compare"), query)
    assert (
        chart_data(response, "bars-gdp")["layout"]["title"]["text"]
        == "地区生产总值 · 2024 前三季度"
    )


def test_zone_directory_pages_keep_the_filters(client, dataset):
    for index in range(55):
        ZoneFactory(slug=f"west-{index:02d}", region="west")
    html = client.get(reverse("dashboards:zone-list"), {"region": "west"}).content.decode()
    assert html.count('<tr data-zone="west-') == 50
    title = re.search(r"<title>(.*?)</title>", html, re.S)[1]
    assert " ".join(title.split()) == "园区名录 · ZoneBench"  # as a browser shows it
    assert "55 个园区" in html
    assert 'href="?region=west&amp;page=2"' in html
    html = client.get(
        reverse("dashboards:zone-list"), {"region": "west", "page": 2}
    ).content.decode()
    assert html.count('<tr data-zone="west-') == 5
    response = client.get(reverse("dashboards:zone-list"), {"page": "x"})
    assert response.status_code == 400
