"""The mark beside a figure about which a consistency finding is open: exactly those figures,
on every page that shows them, linking to /quality/, in one query whatever their number."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from indicators.models import CheckKind, Finding, Indicator, Observation, Resolution, Severity
from tests.factories import CohortFactory, CohortStatisticFactory, ObservationFactory, ZoneFactory

MARK = 'class="open-check"'


def finding(
    zone: str, resolution: str = Resolution.OPEN, kind: str = CheckKind.SERIES_BREAK
) -> Finding:
    return Finding.objects.create(
        kind=kind,
        observation=Observation.objects.get(zone__slug=zone, indicator__code="gdp", year=2023),
        severity=Severity.WARNING,
        message="jump",
        resolution=resolution,
        resolution_note="" if resolution == Resolution.OPEN else "a census revision",
    )


@pytest.fixture
def findings(per_world):
    finding("alpha")
    finding("beta", Resolution.ACCEPTED)  # resolved: no mark
    return per_world


def marked_zones(html: str) -> set[str]:
    """The zones of the table rows that carry the mark."""
    return {
        zone
        for zone, row in re.findall(r'<tr[^>]*data-zone="([^"]+)"[^>]*>(.*?)</tr>', html, re.S)
        if MARK in row
    }


def test_rankings_mark_exactly_the_figure_with_an_open_finding(client, findings):
    html = client.get("/rankings/?indicator=gdp&year=2023").content.decode()
    assert marked_zones(html) == {"alpha"}
    assert 'href="/quality/?zone=alpha&amp;indicator=gdp&amp;resolution=open"' in html
    rows = APIClient().get("/api/v1/rankings/?indicator=gdp&year=2023").json()["rows"]
    assert {row["zone"]: row["open_check"] for row in rows} == {
        "alpha": True,
        "beta": False,
        "gamma": False,
    }


def test_compare_marks_the_figure_and_its_api_rows_say_so(client, findings):
    html = client.get("/compare/?zone=alpha&zone=beta&indicator=gdp").content.decode()
    assert marked_zones(html) == {"alpha"}
    data = APIClient().get("/api/v1/compare/?zone=alpha,beta&indicator=gdp").json()
    assert {(row["zone"], row["open_check"]) for row in data["rows"]} == {
        ("alpha", True),
        ("beta", False),
    }


def test_the_profile_marks_the_figure_in_its_table_and_chart_hover(client, findings):
    alpha = client.get("/zones/alpha/").content.decode()
    row = re.search(r'<tr data-indicator="gdp">(.*?)</tr>', alpha, re.S).group(1)
    assert MARK in row
    area = re.search(r'<tr data-indicator="area">(.*?)</tr>', alpha, re.S).group(1)
    assert MARK not in area
    beta = client.get("/zones/beta/").content.decode()
    assert MARK not in beta


def test_the_benchmark_marks_the_zones_figure(client, findings):
    cohort = CohortFactory(slug="peers")
    CohortStatisticFactory(
        cohort=cohort, indicator=Indicator.objects.get(code="gdp"), year=2023, value=2000
    )
    html = client.get("/benchmark/?zone=alpha&cohort=peers").content.decode()
    row = re.search(r'<tr data-indicator="gdp"[^>]*>(.*?)</tr>', html, re.S).group(1)
    assert MARK in row
    assert MARK not in client.get("/benchmark/?zone=beta&cohort=peers").content.decode()


def test_marks_cost_one_query_whatever_the_number_of_findings(client, findings):
    def count(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    urls = ["/rankings/?indicator=gdp&year=2023", "/compare/?zone=alpha&zone=beta&indicator=gdp"]
    before = [count(url) for url in urls]
    gdp = Indicator.objects.get(code="gdp")
    for index in range(4):
        zone = ZoneFactory(slug=f"more-{index}")
        ObservationFactory(zone=zone, indicator=gdp, year=2023)
        finding(zone.slug)
    finding("beta", kind=CheckKind.PARTS_SUM)  # and an open one beside beta's accepted one
    assert [count(url) for url in urls] == before
