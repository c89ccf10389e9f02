"""A cohort's distribution next to its reported mean: quartiles by hand, thin cohorts, the
benchmark and the rankings (function, API and page)."""

from dataclasses import asdict
from decimal import Decimal

import pytest

from analysis.benchmark import zone_benchmark
from analysis.benchmark_peers import peer_benchmark
from analysis.distribution import cohort_distributions, quartiles
from analysis.ranking import zone_ranking
from tests.factories import (
    CohortFactory,
    CohortStatisticFactory,
    IndicatorFactory,
    ObservationFactory,
    SourceFactory,
    ZoneFactory,
)

pytestmark = pytest.mark.django_db


def test_quartiles_by_hand():
    # type 7: position 1 + (n - 1)·p; for 10, 20, 30, 40: Q1 at 1.75 -> 17.5, Q3 at 3.25 -> 32.5
    assert quartiles([40, 10, 30, 20]) == (17.5, 25.0, 32.5)
    assert quartiles([1, 2, 3, 4, 10]) == (2.0, 3.0, 4.0)
    assert quartiles([5, 7]) is None  # fewer than three members: not enough data


@pytest.fixture
def cohorts(db):
    source = SourceFactory(key="hand")
    gdp = IndicatorFactory(code="gdp")
    wide = CohortFactory(slug="wide", source=source)
    thin = CohortFactory(slug="thin", source=source)
    for index, value in enumerate((10, 20, 30, 40)):
        zone = ZoneFactory(slug=f"m{index}")
        ObservationFactory(zone=zone, indicator=gdp, value=Decimal(value), source=source)
        wide.members.add(zone)
    wide.members.add(ZoneFactory(slug="silent"))  # a known member without a figure
    thin.members.add(ZoneFactory(slug="m0"), ZoneFactory(slug="m1"))
    # a 2023 figure of m0 stays out of 2024's distribution
    ObservationFactory(zone=ZoneFactory(slug="m0"), indicator=gdp, value=Decimal(999), year=2023)
    CohortStatisticFactory(cohort=wide, indicator=gdp, value=Decimal("23"), source=source)
    CohortStatisticFactory(cohort=thin, indicator=gdp, value=Decimal("15"), source=source)
    return gdp


def test_each_cohort_s_distribution_counts_its_members_with_a_figure(cohorts):
    found = {item.cohort: item for item in cohort_distributions(slots=[("gdp", 2024)], period="FY")}
    wide, thin = found["wide"], found["thin"]
    assert (wide.n, wide.members, wide.q1, wide.median, wide.q3) == (4, 5, 17.5, 25.0, 32.5)
    assert (wide.minimum, wide.maximum, wide.computed) == (10.0, 40.0, True)
    assert (thin.n, thin.members, thin.median, thin.q1, thin.minimum) == (2, 2, None, None, None)


def test_the_benchmark_shows_the_members_quartiles_beside_the_reported_mean(client, cohorts):
    row = zone_benchmark(zone="m3", cohort="wide").rows[0]
    assert row.cohort_value == 23.0  # the reported mean stays the comparison
    assert (row.members_n, row.members_q1, row.members_median, row.members_q3) == (
        4,
        17.5,
        25.0,
        32.5,
    )
    api = client.get("/api/v1/benchmark/?zone=m3&cohort=wide").json()["rows"][0]
    assert (api["members_n"], api["members_median"]) == (4, 25.0)
    html = client.get("/benchmark/?zone=m3&cohort=wide").content.decode()
    assert 'data-members-n="4"' in html and "由 4 个成员计算" in html
    thin = client.get("/benchmark/?zone=m0&cohort=thin").content.decode()
    assert 'data-members-n="2"' in thin and "数据不足：2 个成员有数值" in thin
    csv = client.get("/api/v1/benchmark/?zone=m3&cohort=wide&format=csv").content.decode()
    assert "members_median" in csv.splitlines()[0]


def test_the_rankings_show_every_cohort_s_distribution(client, cohorts):
    ranking = zone_ranking(indicator="gdp", year=2024)
    assert [(item.cohort, item.median) for item in ranking.cohort_distributions] == [
        ("thin", None),
        ("wide", 25.0),
    ]
    api = client.get("/api/v1/rankings/?indicator=gdp&year=2024").json()
    assert [item["median"] for item in api["cohort_distributions"]] == [None, 25.0]
    # white space folded: the templates' formatter wraps a long tag's attributes
    html = " ".join(client.get("/rankings/?indicator=gdp&year=2024").content.decode().split())
    assert 'class="cohort-distribution computed" data-cohort="wide" data-n="4"' in html
    assert "计算值：5 个已知成员中 4 个有数值" in html


def test_the_benchmark_against_an_ad_hoc_peer_set_by_hand(client, cohorts):
    # m3 (40) against m0, m1, m2 (10, 20, 30): median 20, Q1 15, Q3 25; the zone not counted
    row = peer_benchmark(zone="m3", peers=["m0", "m1", "m2", "m3"]).rows[0]
    assert (row.peers_n, row.peers_q1, row.peers_median, row.peers_q3) == (3, 15.0, 20.0, 25.0)
    assert (row.ratio, row.gap, row.ahead, row.year) == (2.0, 20.0, True, 2024)
    thin = peer_benchmark(zone="m3", peers=["m0", "m1"]).rows[0]
    assert (thin.peers_n, thin.peers_median, thin.ratio, thin.gap) == (2, None, None, None)
    api = client.get("/api/v1/benchmark/?zone=m3&peers=m0,m1,m2").json()
    assert api["cohort"] is None and api["rows"] == [] and api["peers"] == ["m0", "m1", "m2"]
    expected = peer_benchmark(zone="m3", peers=["m0", "m1", "m2"]).rows
    assert api["peer_rows"] == [asdict(row) for row in expected]
    csv = client.get("/api/v1/benchmark/?zone=m3&peers=m0,m1,m2&format=csv").content.decode()
    assert (
        csv.splitlines()[0].lstrip("\ufeff").startswith("zone,indicator,") and "peers_median" in csv
    )
    html = " ".join(client.get("/benchmark/?zone=m3&peers=m0,m1,m2").content.decode().split())
    assert 'data-indicator="gdp" data-peers-n="3" data-ratio="2.0"' in html


@pytest.mark.parametrize(
    "query, param",
    [("zone=m3", "cohort"), ("zone=m3&peers=nope", "peers"), ("zone=m3&peers=,", "peers")],
)
def test_the_benchmark_needs_a_cohort_or_peers_and_names_the_bad_one(client, cohorts, query, param):
    response = client.get(f"/api/v1/benchmark/?{query}")
    assert response.status_code == 400
    assert param in response.json()["errors"]


def test_the_peer_benchmark_runs_a_fixed_number_of_queries(
    client, cohorts, django_assert_max_num_queries
):
    peers = ",".join(f"m{index}" for index in range(3))
    with django_assert_max_num_queries(4):
        assert client.get(f"/api/v1/benchmark/?zone=m3&peers={peers}").status_code == 200
