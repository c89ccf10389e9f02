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


def test_compare_bars_equal_the_api_comparison(client, dataset):
    query = {"zone": "alpha,beta", "indicator": "gdp,unemployment"}
    api = client.get("/api/v1/compare/", query).json()["rows"]
    response = client.get(reverse("dashboards:compare"), query)
    for code in ("gdp", "unemployment"):
        figure = chart_data(response, f"bars-{code}")
        drawn = {
            (zone, int(trace["name"])): value
            for trace in figure["data"]
            for zone, value in zip(trace["x"], trace["y"], strict=True)
        }
        expected = {
            (row["zone_name_zh"], row["year"]): row["value"]
            for row in api
            if row["indicator"] == code
        }
        assert drawn == expected


def test_benchmark_bars_equal_the_api_benchmark(client, dataset):
    query = {"zone": "alpha", "cohort": "east-52"}
    api = client.get("/api/v1/benchmark/", query).json()
    figure = chart_data(client.get(reverse("dashboards:benchmark"), query), "benchmark")
    bar = figure["data"][0]
    assert [round(bar["base"] + x, 4) for x in bar["x"]] == [row["ratio"] for row in api["rows"]]
