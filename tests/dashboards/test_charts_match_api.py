"""A number on a chart and the same number from the API come from the same function."""

from django.urls import reverse

from tests.dashboards.test_pages import chart_data


def test_ranking_chart_equals_the_api_ranking(client, dataset):
    query = {"indicator": "gdp", "year": 2024, "region": "east"}
    api = client.get("/api/v1/rankings/", query).json()
    figure = chart_data(client.get(reverse("dashboards:rankings"), query), "ranking")
    bars = figure["data"][0]
    assert bars["y"] == [row["value"] for row in api["rows"]]
    assert [item[0] for item in bars["customdata"]] == [row["zone"] for row in api["rows"]]
    assert [shape["y0"] for shape in figure["layout"]["shapes"]] == [
        average["value"] for average in api["cohort_averages"]
    ]


def test_compare_bars_equal_the_api_comparison_in_their_one_year(client, dataset):
    query = {"zone": "alpha,beta", "indicator": "gdp,unemployment"}
    api = client.get("/api/v1/compare/", query).json()["rows"]
    response = client.get(reverse("dashboards:compare"), query)
    for code in ("gdp", "unemployment"):
        figure = chart_data(response, f"bars-{code}")
        (bars,) = figure["data"]
        # both zones have 2024 values (alpha also 2023): the bars are 2024's, and say so
        assert figure["layout"]["title"]["text"].endswith("2024 全年")
        expected = {
            row["zone_name_zh"]: row["value"]
            for row in api
            if row["indicator"] == code and row["year"] == 2024
        }
        assert dict(zip(bars["x"], bars["y"], strict=True)) == expected
    lines = chart_data(response, "lines-gdp")
    drawn = {
        (trace["name"], year): value
        for trace in lines["data"]
        for year, value in zip(trace["x"], trace["y"], strict=True)
    }
    assert drawn == {
        (row["zone_name_zh"], row["year"]): row["value"] for row in api if row["indicator"] == "gdp"
    }


def test_benchmark_bars_equal_the_api_benchmark(client, dataset):
    query = {"zone": "alpha", "cohort": "east-52"}
    api = client.get("/api/v1/benchmark/", query).json()
    figure = chart_data(client.get(reverse("dashboards:benchmark"), query), "benchmark")
    bar = figure["data"][0]
    assert [round(bar["base"] + x, 4) for x in bar["x"]] == [row["ratio"] for row in api["rows"]]
