"""Zones like mine read one table of every zone's latest figures: the latest figure in the
window is the one used, the table is read once per data generation, and a committed change
starts a new generation."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from analysis.peers import zone_peers
from tests.factories import ObservationFactory, ZoneFactory

pytestmark = pytest.mark.django_db


def test_the_latest_figure_of_the_window_is_used_not_an_older_one(five):
    zone = ZoneFactory(slug="moved")
    for year, s1, s2 in ((2022, 30, 40), (2023, 10, 20)):  # like c, then like a
        ObservationFactory(zone=zone, indicator=five["s1"], value=Decimal(s1), year=year)
        ObservationFactory(zone=zone, indicator=five["s2"], value=Decimal(s2), year=year)
    moved = next(p for p in zone_peers(zone="a", min_overlap=2).peers if p.zone == "moved")
    assert moved.distance == 0
    assert {(c.indicator, c.peer_year, c.peer_value) for c in moved.contributions} == {
        ("s1", 2023, 10.0),
        ("s2", 2023, 20.0),
    }


def test_a_second_zone_reads_the_table_from_the_cache(five):
    with CaptureQueriesContext(connection) as first:
        zone_peers(zone="a", min_overlap=2)
    with CaptureQueriesContext(connection) as second:
        result = zone_peers(zone="b", min_overlap=2)
    assert len(second) == len(first) - 1
    assert {peer.zone for peer in result.peers[:2]} == {"a", "d"}


def test_a_committed_change_starts_a_new_table(five, django_capture_on_commit_callbacks):
    assert "twin" not in [peer.zone for peer in zone_peers(zone="a", min_overlap=2).peers]
    with django_capture_on_commit_callbacks(execute=True):
        zone = ZoneFactory(slug="twin")
        for code in ("s1", "s2", "g"):
            value = {"s1": 10, "s2": 20, "g": 5}[code]
            ObservationFactory(zone=zone, indicator=five[code], value=Decimal(value))
    twin = next(peer for peer in zone_peers(zone="a", min_overlap=2).peers if peer.zone == "twin")
    assert (twin.distance, twin.shared) == (0, 3)


def test_only_the_indicators_a_zone_lacks_this_year_come_from_an_earlier_year(five):
    # "mixed" lacks s2 in 2024: its 2023 figure stands in (not the older 2022 one); its
    # 2023 growth is older than its 2024 one and is not used. "steady" has everything in
    # 2024: its earlier figures are never used.
    mixed, steady = ZoneFactory(slug="mixed"), ZoneFactory(slug="steady")
    for zone, code, year, value in (
        (mixed, "s1", 2024, 10),
        (mixed, "s2", 2022, 99),
        (mixed, "s2", 2023, 20),
        (mixed, "g", 2023, 7),
        (mixed, "g", 2024, 5),
        (steady, "s1", 2023, 40),
        (steady, "s1", 2024, 10),
        (steady, "s2", 2024, 20),
        (steady, "g", 2024, 5),
    ):
        ObservationFactory(zone=zone, indicator=five[code], value=Decimal(value), year=year)
    peers = {peer.zone: peer for peer in zone_peers(zone="a", min_overlap=2, k=10).peers}
    figures = {
        slug: {(c.indicator, c.peer_year, c.peer_value) for c in peers[slug].contributions}
        for slug in ("mixed", "steady")
    }
    assert figures["mixed"] == {("s1", 2024, 10.0), ("s2", 2023, 20.0), ("g", 2024, 5.0)}
    assert figures["steady"] == {("s1", 2024, 10.0), ("s2", 2024, 20.0), ("g", 2024, 5.0)}
    assert peers["mixed"].distance == peers["steady"].distance == 0
