"""Zones like mine, on a hand-made five-zone set whose distances are worked out below."""

import math
from decimal import Decimal
from statistics import pstdev

import pytest

from analysis.peers import zone_peers
from common.errors import BadParameter, UnknownCode
from tests.analysis.conftest import FIVE
from tests.factories import ObservationFactory, ZoneFactory

pytestmark = pytest.mark.django_db


def column(code):
    return [values[code] for values in FIVE.values() if code in values]


def test_nearest_neighbours_on_the_hand_made_five_zone_set(five):
    result = zone_peers(zone="a", min_overlap=2)
    assert result.year == 2024 and result.enough_data
    assert [peer.zone for peer in result.peers] == ["d", "b", "c"]
    # d matches a on both indicators it has; its missing growth is left out, not read as 0
    assert result.peers[0].distance == 0 and result.peers[0].shared == 2
    # b by hand: the RMS of the differences, each over its indicator's standard deviation
    s1, s2, g = pstdev(column("s1")), pstdev(column("s2")), pstdev(column("g"))
    by_hand = math.sqrt(((2 / s1) ** 2 + (2 / s2) ** 2 + (1 / g) ** 2) / 3)
    b = result.peers[1]
    assert b.distance == pytest.approx(by_hand, abs=1e-4) and b.shared == 3
    shares = {item.indicator: item.share for item in b.contributions}
    assert shares["g"] == pytest.approx((1 / g) ** 2 / (3 * by_hand**2), abs=1e-4)
    assert sum(shares.values()) == pytest.approx(1, abs=1e-3)
    # the reasons carry both figures with their provenance
    growth = next(item for item in b.contributions if item.indicator == "g")
    assert (growth.zone_value, growth.peer_value, growth.peer_source) == (5.0, 6.0, "hand")
    assert result.too_little_overlap == 1  # e
    assert result.candidates == 4


def test_sizes_are_left_out_by_default_and_count_when_asked_for(five):
    by_default = zone_peers(zone="a", min_overlap=2)
    assert "gdp" not in [item.code for item in by_default.indicators]
    with_size = zone_peers(zone="a", min_overlap=2, indicators=["s1", "s2", "g", "gdp"])
    # b's 90-times larger economy now makes up nearly all of its distance from a
    b_before = next(peer for peer in by_default.peers if peer.zone == "b")
    b_after = next(peer for peer in with_size.peers if peer.zone == "b")
    assert b_after.distance > 3 * b_before.distance
    assert b_after.contributions[0].indicator == "gdp"
    assert b_after.contributions[0].share > 0.9


def test_the_minimum_overlap_decides_who_may_be_called_similar(five):
    assert [p.zone for p in zone_peers(zone="a", min_overlap=1).peers][-1] == "e"
    assert [p.zone for p in zone_peers(zone="a", min_overlap=3).peers] == ["b", "c"]


def test_a_zone_with_too_few_figures_has_not_enough_data(five):
    result = zone_peers(zone="e", min_overlap=2)
    assert not result.enough_data
    assert result.peers == [] and result.zone_indicators == 1


def test_figures_older_than_the_window_are_not_used(five):
    zone = ZoneFactory(slug="old")
    for code, value in (("s1", 10), ("s2", 20)):
        ObservationFactory(zone=zone, indicator=five[code], value=Decimal(value), year=2019)
    assert "old" not in [p.zone for p in zone_peers(zone="a", year=2024, min_overlap=2).peers]
    wide = zone_peers(zone="a", year=2024, min_overlap=2, window=6)
    old = next(p for p in wide.peers if p.zone == "old")
    assert old.distance == 0 and {c.peer_year for c in old.contributions} == {2019}


@pytest.mark.parametrize(
    ("kwargs", "param"),
    [({"k": 0}, "k"), ({"min_overlap": 0}, "min_overlap"), ({"window": 11}, "window")],
)
def test_bad_arguments_name_their_parameter(five, kwargs, param):
    with pytest.raises(BadParameter) as error:
        zone_peers(zone="a", **kwargs)
    assert error.value.param == param


def test_unknown_codes_are_named(five):
    with pytest.raises(UnknownCode) as error:
        zone_peers(zone="nowhere")
    assert error.value.param == "zone"
    with pytest.raises(UnknownCode) as error:
        zone_peers(zone="a", indicators=["s1", "nothing"])
    assert error.value.param == "indicator" and error.value.value == ["nothing"]


def test_peers_run_a_fixed_number_of_queries(five, django_assert_max_num_queries):
    for index in range(30):
        zone = ZoneFactory(slug=f"more-{index}")
        for code in ("s1", "s2", "g"):
            ObservationFactory(zone=zone, indicator=five[code], value=Decimal(index))
    with django_assert_max_num_queries(5):
        result = zone_peers(zone="a", k=20)
    assert len(result.peers) == 20
