"""The denominator switch on the rankings and compare pages and their CSVs."""

import csv
import io

import pytest


def read_csv(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.getvalue().decode("utf-8-sig"))))


def test_rankings_page_ranks_per_km2_and_shows_the_zone_without_area_as_no_data(client, per_world):
    response = client.get("/rankings/?indicator=gdp&year=2023&per=km2")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="per-note"' in html
    assert "亿元/平方公里" in html
    # beta (39.06) before alpha (25), gamma listed without a value and with the reason
    assert html.index('data-zone="beta"') < html.index('data-zone="alpha"')
    assert '<tr class="not-ranked" data-zone="gamma">' in html
    assert "没有面积数据" in html
    # the form keeps per, and greys out what does not apply to GDP... nothing here
    assert '<option value="km2" selected>' in html
    # GDP: per km², per resident, not "as a share of GDP" (for static/js/per.js)
    assert "&quot;gdp&quot;: &quot;km2 resident&quot;" in html


def test_rankings_form_greys_out_a_denominator_that_does_not_apply(client, per_world):
    html = client.get("/rankings/?indicator=budget_revenue&year=2023").content.decode()
    assert '<option value="gdp">' in html  # a share of GDP applies to budget revenue
    html = client.get("/rankings/?indicator=gdp&year=2023").content.decode()
    assert '<option value="gdp" disabled' in html  # GDP as a share of GDP does not


def test_rankings_page_refuses_per_on_a_share_naming_per(client, per_world):
    response = client.get("/rankings/?indicator=rd_intensity&year=2023&per=km2")
    assert response.status_code == 400
    assert "per" in response.content.decode()


def test_rankings_csv_keeps_both_sources_and_the_reason(client, per_world):
    rows = read_csv(client.get("/rankings/csv/?indicator=gdp&year=2023&per=km2"))
    by_zone = {row["zone"]: row for row in rows}
    assert by_zone["beta"]["value"] == "39.0625"
    assert by_zone["alpha"]["denominator_source_key"] == "gazetteer"
    assert by_zone["alpha"]["source_key"] == "bulletin"
    assert by_zone["alpha"]["computed"] == "True"
    assert by_zone["gamma"]["value"] == ""
    assert by_zone["gamma"]["rank"] == ""
    assert by_zone["gamma"]["reason_en"] == "no area figure"


def test_compare_page_and_csv_divide_and_say_what_has_no_denominator(client, per_world):
    response = client.get("/compare/?zone=alpha&zone=gamma&indicator=gdp&per=km2")
    assert response.status_code == 200
    html = " ".join(response.content.decode().split())  # the formatter wraps long tags
    assert 'data-zone="alpha" data-indicator="gdp" data-year="2023" data-value="25.0"' in html
    assert 'class="missing no-denominator" data-zone="gamma"' in html
    rows = read_csv(client.get("/compare/csv/?zone=alpha&zone=gamma&indicator=gdp&per=km2"))
    assert [(row["zone"], row["value"], row["reason_en"]) for row in rows] == [
        ("alpha", "25.0", ""),
        ("gamma", "", "no area figure"),
    ]


@pytest.mark.parametrize(
    "url",
    [
        "/rankings/?indicator=gdp&year=2023&per=km2",
        "/compare/?zone=alpha&zone=beta&zone=gamma&indicator=gdp&indicator=budget_revenue&per=resident",
    ],
)
def test_per_pages_run_a_fixed_number_of_queries(
    client, per_world, url, django_assert_max_num_queries
):
    with django_assert_max_num_queries(30):
        assert client.get(url).status_code == 200
