"""The composite index computed by hand for three zones and two dimensions, per method.

x (weight 0.6, higher is better) = 10, 20, 40 and y (weight 0.4, lower is better) = 5, 1, 3
for zones a, b, c. The expected numbers below were worked out on paper from those values.
"""

from decimal import Decimal

import pytest

from analysis.index import composite_index
from analysis.index_sensitivity import index_rank_shifts, index_sensitivity
from common.errors import BadParameter, UnknownCode
from tests.factories import IndicatorFactory, ObservationFactory, ZoneFactory
from tests.index_world import make_scheme

# method -> ({zone: (size score, cost score)}, {zone: index})
BY_HAND = {
    # x: (v - 10) / 30; y: (5 - v) / 4
    "minmax": ({"a": (0, 0), "b": (33.33, 100), "c": (100, 50)}, {"a": 0, "b": 60, "c": 80}),
    # x: mean 23.33, sd 12.47; y: mean 3, sd 1.633, turned round
    "zscore": (
        {"a": (-1.07, -1.22), "b": (-0.27, 1.22), "c": (1.34, 0)},
        {"a": -1.13, "b": 0.33, "c": 0.80},
    ),
    # ranks 1..3 -> 0, 50, 100; y ranked from the highest
    "percentile": ({"a": (0, 0), "b": (50, 100), "c": (100, 50)}, {"a": 0, "b": 70, "c": 80}),
    # x / 40; 1 / y
    "best": ({"a": (25, 20), "b": (50, 100), "c": (100, 33.33)}, {"a": 23, "b": 70, "c": 73.33}),
    # x / 20 and 2 / y, capped at 100
    "target": (
        {"a": (50, 40), "b": (100, 100), "c": (100, 66.67)},
        {"a": 46, "b": 100, "c": 86.67},
    ),
}


@pytest.mark.parametrize("method", sorted(BY_HAND))
def test_index_matches_the_hand_computation(three_zones, method):
    make_scheme(normalisation=method)
    scores, expected = BY_HAND[method]
    result = composite_index(scheme="two-dims", year=2024)
    rows = {row.zone: row for row in result.rows}
    for zone, (size, cost) in scores.items():
        assert rows[zone].scores == {
            "size": pytest.approx(size, abs=0.01),
            "cost": pytest.approx(cost, abs=0.01),
        }
        assert rows[zone].index == pytest.approx(expected[zone], abs=0.01)
    assert result.n == 3
    by_index = sorted(expected, key=lambda zone: -expected[zone])
    assert [row.zone for row in result.rows] == by_index
    assert [row.rank for row in result.rows] == [1, 2, 3]


def test_geometric_aggregation_multiplies_the_weighted_scores(three_zones):
    make_scheme(aggregation="geometric")
    rows = {row.zone: row for row in composite_index(scheme="two-dims", year=2024).rows}
    # 0^0.6 * 0^0.4; 33.33^0.6 * 100^0.4; 100^0.6 * 50^0.4
    assert rows["a"].index == 0
    assert rows["b"].index == pytest.approx(51.73, abs=0.01)
    assert rows["c"].index == pytest.approx(75.79, abs=0.01)


def test_a_zone_without_enough_data_is_listed_with_its_reason_and_not_ranked(three_zones):
    make_scheme()
    ObservationFactory(zone=ZoneFactory(slug="d"), indicator=IndicatorFactory(code="x"), value=20)
    result = composite_index(scheme="two-dims", year=2024)
    last = result.rows[-1]
    assert last.zone == "d"
    assert last.index is None and last.rank is None
    assert last.scores["cost"] is None and last.scores["size"] == pytest.approx(33.33, abs=0.01)
    assert last.weight_share == 0.6
    assert "cost (0 of 1 indicators, needs 1)" in last.reason_en
    assert "60%" in last.reason_en and "100% needed" in last.reason_en
    assert result.n == 3
    assert [row.rank for row in result.rows[:3]] == [1, 2, 3]


def test_a_lower_weight_share_ranks_a_zone_on_its_present_dimensions(three_zones):
    make_scheme(min_weight_share="0.5")
    ObservationFactory(zone=ZoneFactory(slug="d"), indicator=IndicatorFactory(code="x"), value=20)
    rows = {row.zone: row for row in composite_index(scheme="two-dims", year=2024).rows}
    # d has only "size" (33.33): its index is that score, the weights rescaled over it.
    assert rows["d"].index == pytest.approx(33.33, abs=0.01)
    assert (rows["d"].rank, rows["a"].rank) == (3, 4)
    assert rows["d"].coverage == {"size": ["x"], "cost": []}


def test_custom_weights_replace_the_schemes_and_change_the_ranking(three_zones):
    make_scheme()
    result = composite_index(scheme="two-dims", year=2024, weights={"size": 0.2, "cost": 0.8})
    # minmax: b = 0.2 * 33.33 + 0.8 * 100 = 86.67; c = 0.2 * 100 + 0.8 * 50 = 60
    assert [(row.zone, row.index) for row in result.rows] == [("b", 86.67), ("c", 60), ("a", 0)]
    assert result.custom_weights is True
    assert [d.weight for d in result.scheme.dimensions] == [0.2, 0.8]
    assert [d.scheme_weight for d in result.scheme.dimensions] == [0.6, 0.4]


@pytest.mark.parametrize(
    "weights",
    [
        {"size": 0.5, "cost": 0.4},
        {"size": 1.2, "cost": -0.2},
        {"size": 1.0},
        {"size": 0.5, "cost": 0.3, "x": 0.2},
    ],
)
def test_bad_weights_name_the_weights_parameter(three_zones, weights):
    make_scheme()
    with pytest.raises(BadParameter) as error:
        composite_index(scheme="two-dims", year=2024, weights=weights)
    assert error.value.param == "weights"


def test_an_unknown_scheme_names_the_scheme_parameter(db):
    with pytest.raises(UnknownCode) as error:
        composite_index(scheme="nope", year=2024)
    assert error.value.param == "scheme"


def test_part_year_figures_are_not_mixed_with_full_year_ones(three_zones):
    make_scheme()
    zone = ZoneFactory(slug="e")
    for code, value in (("x", 400), ("y", 1)):
        ObservationFactory(
            zone=zone, indicator=IndicatorFactory(code=code), value=Decimal(value), period="9M"
        )
    rows = {row.zone: row for row in composite_index(scheme="two-dims", year=2024).rows}
    assert rows["e"].index is None
    assert rows["c"].index == 80  # unchanged: e's nine-month x is not its full-year x


def test_every_figure_keeps_its_provenance(three_zones):
    make_scheme()
    row = next(r for r in composite_index(scheme="two-dims", year=2024).rows if r.zone == "c")
    figures = {figure.indicator: figure for figure in row.figures}
    assert figures["x"].value == 40 and figures["x"].as_reported == "40亿元"
    assert figures["x"].source.startswith("source-")


def test_the_query_count_does_not_grow_with_the_zones(three_zones, django_assert_num_queries):
    make_scheme()
    with django_assert_num_queries(5):
        composite_index(scheme="two-dims", year=2024)
    for n in range(10):
        ObservationFactory(zone=ZoneFactory(slug=f"more-{n}"), indicator=IndicatorFactory(code="x"))
    with django_assert_num_queries(5):
        composite_index(scheme="two-dims", year=2024)


def test_sensitivity_gives_rank_ranges_and_leave_one_out_ranks(three_zones):
    make_scheme()
    result = index_sensitivity(scheme="two-dims", year=2024, draws=200)
    rows = {row.zone: row for row in result.rows}
    # Without "cost" only x counts (a 0, b 33, c 100); without "size" only y (a 0, b 100, c 50).
    assert rows["c"].without == {"size": 2, "cost": 1}
    assert rows["b"].without == {"size": 1, "cost": 2}
    # a is last on both dimensions: no weighting moves it; b and c trade places only when
    # the weights move far from 0.6/0.4 (b 60, c 80), further than a 25% perturbation goes.
    assert (rows["a"].rank_min, rows["a"].rank_max) == (3, 3)
    assert (rows["c"].rank_min, rows["c"].rank_max) == (1, 1)
    again = index_sensitivity(scheme="two-dims", year=2024, draws=200)
    assert again == result


def test_rank_ranges_widen_where_the_weights_decide(three_zones):
    # b = 100 - 66.67 w, c = 50 + 50 w with w the size weight: equal at w = 0.43. Around
    # w = 0.45 the perturbed draws fall on both sides, so b and c each take ranks 1 and 2.
    make_scheme()
    result = index_sensitivity(
        scheme="two-dims", year=2024, draws=500, weights={"size": 0.45, "cost": 0.55}
    )
    rows = {row.zone: row for row in result.rows}
    assert (rows["b"].rank_min, rows["b"].rank_max) == (1, 2)
    assert (rows["c"].rank_min, rows["c"].rank_max) == (1, 2)


def test_draws_out_of_range_name_the_draws_parameter(three_zones):
    make_scheme()
    with pytest.raises(BadParameter) as error:
        index_sensitivity(scheme="two-dims", year=2024, draws=0)
    assert error.value.param == "draws"


def test_rank_shifts_between_two_schemes(three_zones):
    make_scheme(normalisation="minmax")
    other = make_scheme(normalisation="percentile", slug="two-dims-pct")
    assert other.slug == "two-dims-pct"
    shifts = index_rank_shifts(scheme="two-dims", other="two-dims-pct", year=2024)
    # minmax: c 80, b 60, a 0; percentile: c 80, b 70, a 0: nobody moves.
    assert [(s.zone, s.rank_a, s.rank_b, s.shift) for s in shifts] == [
        ("c", 1, 1, 0),
        ("b", 2, 2, 0),
        ("a", 3, 3, 0),
    ]
    with pytest.raises(UnknownCode) as error:
        index_rank_shifts(scheme="two-dims", other="nope", year=2024)
    assert error.value.param == "compare"
