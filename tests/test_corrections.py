"""The corrections the consistency review found in the shipped data (issue 10, item 6)."""

from decimal import Decimal

from rest_framework.test import APIClient

from indicators.models import Observation, Statistic
from zones.models import Cohort, Region, ZoneKind


def test_longgangs_rd_figures_are_filed_under_2023_with_the_reasoning(seeded_db):
    figures = Observation.objects.filter(
        zone__slug="shenzhen-longgang", indicator__code__in=["rd_expenditure", "rd_intensity"]
    )
    assert {(o.indicator.code, o.year) for o in figures} == {
        ("rd_expenditure", 2023),
        ("rd_intensity", 2023),
    }
    intensity = figures.get(indicator__code="rd_intensity")
    assert "5043.03" in intensity.note
    # Longgang's 2023 GDP, 5043.03 亿元, comes with the bulletin load (public_bulletins.csv)
    rd = figures.get(indicator__code="rd_expenditure")
    assert round(rd.value / Decimal("5043.03") * 100, 2) == intensity.value


def test_cohort_statistics_carry_their_own_units(seeded_db):
    body = APIClient().get("/api/v1/cohorts/?page_size=100").json()
    units = {
        (stat["statistic"], stat["unit"])
        for cohort in body["results"]
        for stat in cohort["statistics"]
    }
    by_statistic = {}
    for statistic, unit in units:
        by_statistic.setdefault(statistic, set()).add(unit)
    assert by_statistic[Statistic.SHARE_OF_NATIONAL] == {"%"}
    assert by_statistic[Statistic.RATIO_TO_NATIONAL_MEAN] == {"×"}
    assert by_statistic[Statistic.COUNT_ABOVE] == {"个"}
    assert "亿元" in by_statistic[Statistic.MEAN]


def test_the_353_district_cohort_holds_the_eastern_districts_it_defines(seeded_db):
    members = Cohort.objects.get(slug="east-districts-353").members.all()
    assert "guangzhou-huangpu" in {zone.slug for zone in members}
    assert {(zone.kind, zone.region) for zone in members} == {(ZoneKind.DISTRICT, Region.EAST)}
    assert Decimal(members.count()) <= 353
