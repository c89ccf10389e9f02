"""The denominator switch (``per=km2|resident|gdp``) on rankings and compare, worked by hand."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from analysis.compare import compare_divided
from analysis.normalise import per_unit
from analysis.ranking import zone_ranking
from common.errors import BadParameter
from indicators.models import Indicator
from tests.factories import ObservationFactory, ZoneFactory


def test_gdp_per_km2_is_worked_by_hand_and_ranked(per_world):
    ranking = zone_ranking(indicator="gdp", year=2023, per="km2")
    # beta: 2500 亿元 ÷ 64 km² = 39.0625; alpha: 1000 ÷ 40 (its 2020 area, the latest) = 25
    assert [(row.zone, row.value, row.rank) for row in ranking.rows] == [
        ("beta", 39.0625, 1),
        ("alpha", 25.0, 2),
    ]
    assert ranking.n == 2
    assert ranking.indicator.unit == "亿元/平方公里"
    alpha = ranking.rows[1]
    assert alpha.computed is True
    assert alpha.absolute_value == 1000.0
    assert (alpha.denominator_value, alpha.denominator_year) == (40.0, 2020)
    assert (alpha.source, alpha.denominator_source) == ("bulletin", "gazetteer")
    assert ranking.cohort_averages == []


def test_a_zone_without_an_area_shows_no_data_and_is_not_ranked(per_world):
    ranking = zone_ranking(indicator="gdp", year=2023, per="km2")
    assert "gamma" not in {row.zone for row in ranking.rows}
    [gamma] = ranking.not_ranked
    assert gamma.zone == "gamma"
    assert gamma.absolute_value == 3000.0
    assert gamma.reason_en == "no area figure"
    assert gamma.reason_zh == "没有面积数据"


def test_per_resident_and_share_of_gdp_follow_the_units(per_world):
    resident = zone_ranking(indicator="gdp", year=2023, per="resident")
    # 亿元 ÷ 万人 = 10⁴ 元 per resident: 1000 ÷ 50 × 10⁴ = 200000; 2500 ÷ 120 × 10⁴
    assert {row.zone: row.value for row in resident.rows} == {
        "alpha": 200000.0,
        "beta": 208333.3333,
    }
    assert resident.indicator.unit == "元"
    assert [row.reason_en for row in resident.not_ranked] == [
        "no resident population figure for that year"
    ]
    share = zone_ranking(indicator="budget_revenue", year=2023, per="gdp")
    # 80 ÷ 1000 × 100 = 8 %; 200 ÷ 2500 × 100 = 8 %; 90 ÷ 3000 × 100 = 3 %
    assert {row.zone: row.value for row in share.rows} == {"alpha": 8.0, "beta": 8.0, "gamma": 3.0}
    assert share.indicator.unit == "%"


@pytest.mark.parametrize(
    ("code", "per"),
    [
        ("rd_intensity", "km2"),  # a share
        ("gdp_growth", "resident"),  # a growth rate
        ("gdp_per_capita", "km2"),  # a derived ratio
        ("urban_income", "resident"),  # a per-capita figure
        ("area", "km2"),  # the denominator itself
        ("little_giants", "gdp"),  # a count is no share of GDP
        ("fdi_utilised", "gdp"),  # dollars over yuan
    ],
)
def test_per_where_it_makes_no_sense_is_refused_naming_per(per_world, code, per):
    with pytest.raises(BadParameter) as refused:
        per_unit(Indicator.objects.get(code=code), per)
    assert refused.value.param == "per"


def test_the_api_refuses_per_on_a_share_with_a_400_naming_per(per_world):
    response = APIClient().get("/api/v1/rankings/?indicator=rd_intensity&year=2023&per=km2")
    assert response.status_code == 400
    assert "per" in response.json()["errors"]
    response = APIClient().get("/api/v1/compare/?zone=alpha&indicator=rd_intensity&per=gdp")
    assert response.status_code == 400
    assert "per" in response.json()["errors"]


def test_the_api_gives_the_divided_ranking_with_both_sources(per_world):
    data = APIClient().get("/api/v1/rankings/?indicator=gdp&year=2023&per=km2").json()
    assert data["per"]["unit"] == "亿元/平方公里"
    assert [(row["zone"], row["value"]) for row in data["rows"]] == [
        ("beta", 39.0625),
        ("alpha", 25.0),
    ]
    assert data["rows"][1]["denominator_source"] == "gazetteer"
    assert data["rows"][1]["source"] == "bulletin"
    assert data["not_ranked"][0]["zone"] == "gamma"
    csv = APIClient().get("/api/v1/rankings/?indicator=gdp&year=2023&per=km2&format=csv")
    text = csv.content.decode("utf-8-sig")
    assert "denominator_source" in text.splitlines()[0]
    assert "no area figure" in text
    plain = APIClient().get("/api/v1/rankings/?indicator=gdp&year=2023").json()
    assert [row["value"] for row in plain["rows"]] == [3000.0, 2500.0, 1000.0]
    assert plain["per"] is None


def test_compare_divides_every_year_and_lists_what_has_no_denominator(per_world):
    frame, missing = compare_divided(
        zones=["alpha", "beta", "gamma"], indicators=["gdp"], per="km2"
    )
    assert dict(zip(frame["zone"], frame["value"], strict=True)) == {
        "alpha": 25.0,
        "beta": 39.0625,
    }
    assert set(frame["unit"]) == {"亿元/平方公里"}
    assert [(row["zone"], row["reason_en"]) for row in missing] == [("gamma", "no area figure")]
    data = APIClient().get("/api/v1/compare/?zone=alpha,gamma&indicator=gdp&per=km2").json()
    assert [row["value"] for row in data["rows"]] == [25.0]
    assert data["missing"][0]["zone"] == "gamma"
    wide = APIClient().get("/api/v1/compare/?zone=alpha&indicator=gdp&per=km2&shape=wide")
    assert wide.json()["rows"][0]["gdp__denominator_source"] == "gazetteer"


def test_per_costs_one_query_whatever_the_number_of_zones(per_world):
    def queries(**kwargs):
        with CaptureQueriesContext(connection) as captured:
            zone_ranking(indicator="gdp", year=2023, **kwargs)
        return len(captured)

    before = queries(per="km2")
    plain = queries()
    for index in range(5):
        zone = ZoneFactory(slug=f"extra-{index}")
        for code, value in (("gdp", "10"), ("area", "2")):
            ObservationFactory(
                zone=zone,
                indicator=Indicator.objects.get(code=code),
                year=2023,
                value=Decimal(value),
            )
    assert queries(per="km2") == before
    # the denominators are one query; the cohort means and the members' quartiles are not read
    # with per (they are of absolute figures)
    assert before < plain
