"""The two functions the dashboards added to indicators/analysis.py."""

import pytest

from indicators import analysis
from indicators.selectors import UnknownCode


def test_compare_table_keeps_the_asked_order_and_leaves_gaps_out(dataset):
    table = analysis.compare_table(
        zones=["beta", "alpha", "empty"], indicators=["rd_intensity", "gdp"]
    )
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
    table = analysis.compare_table(zones=["ninemonth", "alpha"], indicators=["gdp"], period="9M")
    assert [(r["zone"], r["value"]) for r in table] == [("ninemonth", 9999.0)]


def test_radar_scores_scale_the_latest_values_with_1_for_the_best(dataset):
    scores = analysis.radar_scores(
        zones=["alpha", "beta", "empty"], indicators=["gdp", "unemployment"]
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
    scores = analysis.radar_scores(zones=["beta", "gamma"], indicators=["gdp"])
    assert [s["score"] for s in scores] == [1.0, 1.0]


def test_radar_scores_reject_unknown_codes(dataset):
    with pytest.raises(UnknownCode) as error:
        analysis.radar_scores(zones=["alpha"], indicators=["nope"])
    assert error.value.param == "indicator"
