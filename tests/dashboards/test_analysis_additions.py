"""The two functions the dashboards added to the analysis core (standings and series)."""

from decimal import Decimal

import pytest

from analysis.compare import bar_year, compare_table, indexed_series, radar_scores
from analysis.ranking import zone_ranking
from analysis.standings import zone_standings
from indicators.selectors import UnknownCode
from tests.factories import IndicatorFactory, ObservationFactory


def test_compare_table_keeps_the_asked_order_and_leaves_gaps_out(dataset):
    table = compare_table(zones=["beta", "alpha", "empty"], indicators=["rd_intensity", "gdp"])
    assert [(r["indicator"], r["zone"], r["year"]) for r in table] == [
        ("rd_intensity", "beta", 2024),
        ("rd_intensity", "alpha", 2024),
        ("gdp", "beta", 2024),
        ("gdp", "alpha", 2023),
        ("gdp", "alpha", 2024),
    ]
    assert all(r["zone"] != "empty" for r in table)
    assert isinstance(table[0]["value"], float)


def test_compare_table_never_mixes_periods(dataset):
    table = compare_table(zones=["ninemonth", "alpha"], indicators=["gdp"], period="9M")
    assert [(r["zone"], r["value"]) for r in table] == [("ninemonth", 9999.0)]


def test_radar_scores_scale_the_latest_values_with_1_for_the_best(dataset):
    scores = radar_scores(
        zones=["alpha", "beta", "empty"], indicators=["gdp", "unemployment", "rd_intensity"]
    )
    by_key = {(s["zone"], s["indicator"]): s for s in scores}
    assert by_key[("alpha", "gdp")]["score"] == 1.0
    assert by_key[("alpha", "gdp")]["year"] == 2024
    assert by_key[("beta", "gdp")]["score"] == 0.0
    # unemployment is lower-is-better: beta's 2.5 is the best
    assert by_key[("beta", "unemployment")]["score"] == 1.0
    assert by_key[("alpha", "unemployment")]["score"] == 0.0
    # no value, no score (never a zero)
    assert not any(s["zone"] == "empty" for s in scores)


def test_radar_scores_of_equal_values_are_all_1(dataset):
    for zone in ("alpha", "beta"):
        ObservationFactory(
            zone=dataset["zones"][[z.slug for z in dataset["zones"]].index(zone)],
            indicator=dataset["gdp"],
            year=2025,
            value=Decimal("4000"),
            source=dataset["source"],
        )
    scores = radar_scores(
        zones=["alpha", "beta"], indicators=["gdp", "unemployment", "rd_intensity"]
    )
    assert [s["score"] for s in scores if s["indicator"] == "gdp"] == [1.0, 1.0]


def test_radar_scales_only_among_the_zones_it_draws(dataset):
    # gamma has gdp alone: it is not drawn, so its 2000 must not set the scale's low end
    scores = radar_scores(
        zones=["alpha", "beta", "gamma"], indicators=["gdp", "unemployment", "rd_intensity"]
    )
    assert {s["zone"] for s in scores} == {"alpha", "beta"}
    by_key = {(s["zone"], s["indicator"]): s["score"] for s in scores}
    assert by_key[("beta", "gdp")] == 0.0 and by_key[("alpha", "gdp")] == 1.0


def test_radar_draws_no_axis_where_one_zone_alone_has_a_value(dataset):
    ObservationFactory(
        zone=dataset["zones"][0],
        indicator=IndicatorFactory(code="parks"),
        value=Decimal("5"),
        source=dataset["source"],
    )
    scores = radar_scores(
        zones=["alpha", "beta"], indicators=["gdp", "unemployment", "rd_intensity", "parks"]
    )
    assert "parks" not in {s["indicator"] for s in scores}
    # two axes are no radar
    assert radar_scores(zones=["alpha", "beta"], indicators=["gdp", "unemployment"]) == []


def test_bar_year_is_the_latest_year_most_zones_share():
    rows = [
        {"zone": "a", "year": 2019},
        {"zone": "a", "year": 2023},
        {"zone": "b", "year": 2019},
        {"zone": "b", "year": 2022},
        {"zone": "c", "year": 2023},
    ]
    assert bar_year(rows) == 2023  # two zones in 2019 and in 2023: the later
    assert bar_year([*rows, {"zone": "c", "year": 2019}]) == 2019  # all three share 2019
    assert bar_year([]) is None


def test_indexed_series_sets_the_first_common_year_to_100():
    rows = [
        {"zone": "a", "year": 2019, "value": 50.0},
        {"zone": "a", "year": 2020, "value": 100.0},
        {"zone": "a", "year": 2021, "value": 75.0},
        {"zone": "b", "year": 2020, "value": 200.0},
        {"zone": "b", "year": 2021, "value": 300.0},
    ]
    base, indexed = indexed_series(rows)
    assert base == 2020
    assert [(r["zone"], r["year"], r["value"]) for r in indexed] == [
        ("a", 2019, 50.0),
        ("a", 2020, 100.0),
        ("a", 2021, 75.0),
        ("b", 2020, 100.0),
        ("b", 2021, 150.0),
    ]
    assert indexed_series([rows[0], rows[3]]) == (None, [])  # no common year
    assert indexed_series([{"zone": "a", "year": 2020, "value": 0.0}]) == (None, [])


def test_radar_scores_reject_unknown_codes(dataset):
    with pytest.raises(UnknownCode) as error:
        radar_scores(zones=["alpha"], indicators=["nope"])
    assert error.value.param == "indicator"


def test_zone_standings_equal_what_zone_ranking_says_about_the_zone(dataset):
    selections = [("gdp", 2024, "FY"), ("unemployment", 2024, "FY"), ("gdp", 2024, "9M")]
    for zone in ("alpha", "beta", "gamma", "ninemonth"):
        standings = zone_standings(zone=zone, selections=selections)
        for item in standings:
            ranking = zone_ranking(indicator=item.indicator, year=item.year, period=item.period)
            row = next(r for r in ranking.rows if r.zone == zone)
            assert (item.rank, item.n, item.percentile, item.value) == (
                row.rank,
                row.n,
                row.percentile,
                row.value,
            )
            assert item.cohort_ratios == row.cohort_ratios
            assert item.cohort_averages == ranking.cohort_averages
        asked = {(s.indicator, s.period) for s in standings}
        if zone == "ninemonth":
            assert asked == {("gdp", "9M")}  # never ranked among the full-year figures


def test_zone_standings_run_three_queries_however_many_selections(
    dataset, django_assert_num_queries
):
    selections = [("gdp", 2024, "FY"), ("unemployment", 2024, "FY"), ("rd_intensity", 2024, "FY")]
    with django_assert_num_queries(3):
        assert len(zone_standings(zone="alpha", selections=selections)) == 3
