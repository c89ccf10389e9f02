"""Industry overlap: Jaccard on three hand-made zones, the structure similarity coefficient,
the API and the page."""

import json
import math
import re
from decimal import Decimal

import pytest

from analysis.overlap import group_overlap, industry_overlap, structure_similarity
from indicators.models import Indicator, ValueType
from tests.factories import IndicatorFactory, ObservationFactory, SourceFactory, ZoneFactory
from zones.models import Industry, Region, Zone, ZoneIndustry

pytestmark = pytest.mark.django_db

LEADS = {
    "x": ["ai", "biomedicine", "materials"],
    "y": ["ai", "materials", "equipment", "finance"],
    "z": ["tourism"],
}


@pytest.fixture
def three(db):
    source = SourceFactory(key="plan")
    industries = {
        slug: Industry.objects.create(slug=slug, name_zh=f"产业{slug}", name_en=slug)
        for slug in {slug for leads in LEADS.values() for slug in leads}
    }
    for slug, leads in LEADS.items():
        zone = ZoneFactory(slug=slug, region=Region.EAST)
        for lead in leads:
            ZoneIndustry.objects.create(zone=zone, industry=industries[lead], source=source)
    ZoneFactory(slug="silent", region=Region.EAST)  # names no industry
    ZoneFactory(slug="far", region=Region.WEST)
    shares = [
        IndicatorFactory(code=code, unit="%", value_type=ValueType.SHARE)
        for code in ("primary_share", "secondary_share", "tertiary_share")
    ]
    for slug, structure in (("x", (0.02, 64.21, 35.77)), ("y", (0.5, 40.0, 59.5))):
        for indicator, value in zip(shares, structure, strict=True):
            ObservationFactory(
                zone=Zone.objects.get(slug=slug), indicator=indicator, value=Decimal(str(value))
            )
    return industries


def test_jaccard_on_three_zones(three):
    result = industry_overlap(zones=Zone.objects.filter(region=Region.EAST))
    assert [item.zone for item in result.zones] == ["x", "y", "z"]
    # x and y share ai and materials out of five industries between them; z shares nothing
    assert result.jaccard == [[1.0, 0.4, 0.0], [0.4, 1.0, 0.0], [0.0, 0.0, 1.0]]
    assert result.without_industries == ["silent"]  # left out, not counted as sharing nothing


def test_the_most_crowded_industries_come_first_with_their_counts(three):
    result = industry_overlap(zones=Zone.objects.filter(region=Region.EAST))
    assert [(item.industry, item.zones) for item in result.crowded[:2]] == [
        ("ai", 2),
        ("materials", 2),
    ]
    assert result.crowded[0].members == ["x", "y"]
    assert result.crowded[0].share == pytest.approx(2 / 3, abs=1e-4)


def test_structure_similarity_by_hand(three):
    x, y = (0.02, 64.21, 35.77), (0.5, 40.0, 59.5)
    by_hand = sum(a * b for a, b in zip(x, y, strict=True)) / math.sqrt(
        sum(a * a for a in x) * sum(b * b for b in y)
    )
    assert structure_similarity(x, y) == pytest.approx(by_hand, abs=1e-4)
    assert structure_similarity(x, x) == 1.0
    pairs = industry_overlap(zones=Zone.objects.all()).sector_pairs
    assert [(p.zone_a, p.zone_b, p.year_a) for p in pairs] == [("x", "y", 2024)]
    assert pairs[0].similarity == pytest.approx(by_hand, abs=1e-4)


def test_the_api_gives_the_same_overlap_for_a_region(client, three):
    body = client.get("/api/v1/overlap/?region=east").json()
    assert body["jaccard"] == [[1.0, 0.4, 0.0], [0.4, 1.0, 0.0], [0.0, 0.0, 1.0]]
    assert body["crowded"][0]["industry"] == "ai"
    assert body["zones"][0]["sources"] == ["plan"]
    assert client.get("/api/v1/overlap/?region=west").json()["zones"] == []


@pytest.mark.parametrize(("query", "param"), [("region=mars", "region"), ("cohort=no", "cohort")])
def test_a_bad_group_is_a_400_naming_it(client, three, query, param):
    response = client.get(f"/api/v1/overlap/?{query}")
    assert response.status_code == 400
    assert param in response.json()["errors"]


def test_the_page_draws_the_heat_map_of_the_api(client, three):
    html = client.get("/overlap/?region=east").content.decode()
    figure = json.loads(re.search(r'id="overlap-data">(.*?)</script>', html, re.S).group(1))
    assert figure["data"][0]["z"] == client.get("/api/v1/overlap/?region=east").json()["jaccard"]
    assert 'data-industry="ai" data-zones="2"' in html
    assert 'id="without-industries"' in html


def test_overlap_runs_a_fixed_number_of_queries(client, three, django_assert_max_num_queries):
    source = SourceFactory(key="more")
    for index in range(20):
        zone = ZoneFactory(slug=f"more-{index}", region=Region.EAST)
        ZoneIndustry.objects.create(zone=zone, industry=three["ai"], source=source)
    with django_assert_max_num_queries(3):
        assert client.get("/api/v1/overlap/?region=east").status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get("/overlap/?region=east").status_code == 200


def test_a_year_missing_a_share_is_no_structure(three):
    # y's 2025 names only two of the three shares: its structure stays the complete 2024 one
    y = Zone.objects.get(slug="y")
    for code, value in (("primary_share", "1"), ("secondary_share", "30")):
        ObservationFactory(
            zone=y, indicator=Indicator.objects.get(code=code), value=Decimal(value), year=2025
        )
    pairs = industry_overlap(zones=Zone.objects.all()).sector_pairs
    assert [(p.zone_a, p.year_a, p.zone_b, p.year_b) for p in pairs] == [("x", 2024, "y", 2024)]


def test_the_group_answer_is_computed_once_per_data_generation(three, django_assert_num_queries):
    first = group_overlap(query={"region": "east"})
    with django_assert_num_queries(0):
        assert group_overlap(query={"region": "east"}) == first
    ZoneIndustry.objects.create(
        zone=Zone.objects.get(slug="silent"), industry=three["ai"], source=SourceFactory(key="x")
    )
    assert group_overlap(query={"region": "east"}).without_industries == []
