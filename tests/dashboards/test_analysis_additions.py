"""The two functions the dashboards added to the analysis core (standings and series)."""

import pytest

from analysis.compare import compare_table, radar_scores
from analysis.ranking import zone_ranking
from analysis.standings import zone_standings
from indicators.selectors import UnknownCode


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
    scores = radar_scores(zones=["alpha", "beta", "empty"], indicators=["gdp", "unemployment"])
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
    scores = radar_scores(zones=["beta", "gamma"], indicators=["gdp"])
    assert [s["score"] for s in scores] == [1.0, 1.0]


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
