"""The stage rule from the three-sector structure, on the documents' Longgang structure and
on hand-made ones; the profile shows it with its evidence."""

from decimal import Decimal

import pytest

from analysis.stage import sector_stage, zone_stages
from common.errors import UnknownCode
from indicators.models import ValueType
from tests.factories import IndicatorFactory, ObservationFactory, ZoneFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("structure", "stage"),
    [
        ((0.02, 64.21, 35.77), "late"),  # Longgang 2024, document 002: 二产立区
        ((0.5, 30.0, 69.5), "post_industrial"),
        ((15.0, 50.0, 35.0), "middle"),
        ((25.0, 45.0, 30.0), "early"),
        ((50.0, 30.0, 20.0), "pre_industrial"),
        ((15.0, 40.0, 45.0), "unclassified"),  # A between 10 and 20 with I < S: no band
    ],
)
def test_the_stage_rule(structure, stage):
    primary, secondary, tertiary = structure
    assert sector_stage(primary=primary, secondary=secondary, tertiary=tertiary) == stage


def test_longgangs_shipped_structure_reads_as_late_industrialisation(seeded_db):
    stages = zone_stages(zone="shenzhen-longgang")
    assert [(s.year, s.primary, s.secondary, s.tertiary) for s in stages] == [
        (2024, 0.02, 64.21, 35.77)
    ]
    assert stages[0].stage == "late" and stages[0].name_zh == "工业化后期"
    assert stages[0].sources == ["doc-002-ccid-urban-new-centres"]


@pytest.fixture
def moving(db):
    zone = ZoneFactory(slug="moving")
    codes = ("primary_share", "secondary_share", "tertiary_share")
    indicators = [IndicatorFactory(code=c, unit="%", value_type=ValueType.SHARE) for c in codes]
    for year, structure in ((2015, (2, 60, 38)), (2020, (1, 45, 54)), (2022, (1, 44, None))):
        for indicator, value in zip(indicators, structure, strict=True):
            if value is not None:
                ObservationFactory(zone=zone, indicator=indicator, value=Decimal(value), year=year)
    return zone


def test_the_stage_moves_over_the_years_and_incomplete_years_are_skipped(moving):
    assert [(s.year, s.stage) for s in zone_stages(zone="moving")] == [
        (2015, "late"),
        (2020, "post_industrial"),
    ]
    with pytest.raises(UnknownCode):
        zone_stages(zone="nowhere")


def test_the_profile_shows_the_stage_with_its_evidence_and_rule(client, moving):
    html = client.get("/zones/moving/").content.decode()
    assert 'id="stage-latest" data-stage="post_industrial"' in html
    assert 'data-year="2015" data-stage="late"' in html
    assert "经济研究" in html  # the rule's source


def test_a_profile_without_a_full_structure_says_no_data(client, db):
    ZoneFactory(slug="bare")
    html = client.get("/zones/bare/").content.decode()
    assert 'id="stage-no-data"' in html and "stage-latest" not in html
