"""Consistency checks: one test per kind (a consistent case finds nothing, an inconsistent
one is found), the shipped data's known problems, the stewards' resolutions, the API."""

import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from rest_framework.test import APIClient

from indicators.checks import checks_run
from indicators.models import (
    CheckKind,
    Finding,
    Indicator,
    Observation,
    Period,
    Resolution,
    Severity,
)
from tests.factories import ObservationFactory, SourceFactory, UserFactory, ZoneFactory


@pytest.fixture
def catalogue(db):
    call_command("loaddata", "sources", "indicators", verbosity=0)
    return {ind.code: ind for ind in Indicator.objects.all()}


@pytest.fixture
def client():
    return APIClient()


@pytest.fixture
def put(catalogue):
    """put(zone_slug, code, year, value, period="FY", source=None): one reported figure."""
    default = SourceFactory(key="bulletin")

    def put(slug, code, year, value, period=Period.FULL_YEAR, source=None):
        return ObservationFactory(
            zone=ZoneFactory(slug=slug),
            indicator=catalogue[code],
            year=year,
            period=period,
            value=Decimal(value),
            source=source or default,
        )

    return put


def found(kind: str) -> list[Finding]:
    return list(Finding.objects.filter(kind=kind).select_related("observation__indicator"))


def test_reported_vs_derived_finds_a_ratio_its_inputs_do_not_give(put):
    put("good", "rd_expenditure", 2023, "30")
    put("good", "gdp", 2023, "1000")
    put("good", "rd_intensity", 2023, "3.0")  # 30 ÷ 1000 = 3.0 %
    put("bad", "rd_expenditure", 2023, "30")
    put("bad", "gdp", 2023, "1000")
    put("bad", "gdp", 2022, "800")
    bad = put("bad", "rd_intensity", 2023, "3.75")  # 30 ÷ 800: last year's GDP
    checks_run()
    [finding] = found(CheckKind.REPORTED_VS_DERIVED)
    assert finding.observation == bad and finding.severity == Severity.ERROR
    assert "may belong to 2022" in finding.message
    assert {row["value"] for row in finding.inputs} >= {"3.75", "30", "1000", "800"}


def test_shares_sum_finds_sector_shares_that_miss_100_beyond_rounding(put):
    for code, value in (
        ("primary_share", "0.1"),
        ("secondary_share", "40.2"),
        ("tertiary_share", "59.8"),
    ):
        put("rounded", code, 2023, value)  # 100.1: within three half-units of rounding (0.15)
    for code, value in (
        ("primary_share", "1"),
        ("secondary_share", "40"),
        ("tertiary_share", "55"),
    ):
        put("short", code, 2023, value)
    checks_run()
    [finding] = found(CheckKind.SHARES_SUM)
    assert finding.observation.zone.slug == "short"
    assert "96" in finding.message


def test_parts_sum_finds_sector_values_that_do_not_make_gdp(put):
    for slug, gdp in (("whole", "1000.00"), ("gap", "1003.01")):
        put(slug, "gdp", 2020, gdp)
        put(slug, "primary_va", 2020, "10.00")
        put(slug, "secondary_va", 2020, "390.00")
        put(slug, "tertiary_va", 2020, "600.00")
    checks_run()
    [finding] = found(CheckKind.PARTS_SUM)
    assert finding.observation.zone.slug == "gap"
    assert "-3.01" in finding.message and finding.severity == Severity.WARNING


def test_growth_vs_levels_finds_a_growth_the_levels_contradict(put):
    for slug, growth in (("steady", "9.5"), ("odd", "2.0")):
        put(slug, "gdp", 2022, "1000")
        put(slug, "gdp", 2023, "1100")  # +10 % in levels
        put(slug, "gdp_growth", 2023, growth)
    checks_run()
    [finding] = found(CheckKind.GROWTH_VS_LEVELS)
    assert finding.observation.zone.slug == "odd"
    assert finding.observation.indicator.code == "gdp_growth"


def test_part_year_ratio_compares_with_the_zones_other_years_or_the_months(put):
    put("usual", "gdp", 2024, "1000")
    put("usual", "gdp", 2024, "740", period=Period.M9)  # 74 % of the year, about 9/12
    put("short", "gdp", 2024, "1000")
    put("short", "gdp", 2024, "635", period=Period.M9)  # 63.5 %
    # a zone whose nine months are always about 60 %: that is its pattern, not a problem
    for year in (2022, 2023, 2024):
        put("seasonal", "gdp", year, "1000")
        put("seasonal", "gdp", year, "600", period=Period.M9)
    checks_run()
    [finding] = found(CheckKind.PART_YEAR_RATIO)
    assert finding.observation.zone.slug == "short"
    assert finding.observation.period == Period.FULL_YEAR
    assert "63.5%" in finding.message


def test_series_break_finds_a_jump_and_says_when_the_source_changed(put):
    other = SourceFactory(key="another-source")
    put("smooth", "gdp", 2023, "1000")
    put("smooth", "gdp", 2024, "1100")  # +10 %
    put("jump", "gdp", 2023, "1000")
    put("jump", "gdp", 2024, "1170", source=other)  # +17 % from another source
    checks_run()
    [finding] = found(CheckKind.SERIES_BREAK)
    assert finding.observation.zone.slug == "jump"
    assert finding.severity == Severity.WARNING and "+17.0%" in finding.message


def test_an_open_finding_goes_once_fixed_and_a_resolved_one_stays(put):
    gdp = put("z", "gdp", 2023, "1000")
    put("z", "gdp", 2022, "500")
    put("y", "gdp", 2023, "1000")
    put("y", "gdp", 2022, "500")
    checks_run()
    assert Finding.objects.count() == 2
    Finding.objects.filter(observation__zone__slug="y").update(
        resolution=Resolution.EXPLAINED, resolution_note="两区合并 / two districts merged"
    )
    gdp.value = Decimal("550")
    gdp.save()
    Finding.objects.get(observation__zone__slug="y").observation.delete()  # cascades
    Indicator.objects.get(code="gdp")  # the catalogue is untouched
    report = checks_run()
    assert report.deleted == 1 and not Finding.objects.exists()


def test_the_command_prints_the_open_findings(put, capsys):
    put("z", "gdp", 2023, "1000")
    put("z", "gdp", 2022, "500")
    call_command("check_consistency")
    assert "series_break 1" in capsys.readouterr().out


def test_the_shipped_data_shows_the_known_problems(seeded_db):
    out = io.StringIO()
    call_command("load_bulletins", stdout=out, stderr=io.StringIO())  # runs the checks
    assert "consistency checks" in out.getvalue()

    def one(kind, zone, code, year):
        return Finding.objects.get(
            kind=kind,
            observation__zone__slug=zone,
            observation__indicator__code=code,
            observation__year=year,
        )

    # Longgang's R&D figures are filed under 2023 (corrected): consistent with 2023's GDP
    assert not Finding.objects.filter(
        observation__indicator__code="rd_intensity", observation__zone__slug="shenzhen-longgang"
    ).exists()
    # filed under 2024 as the study lists them, the check finds them and names the year
    Observation.objects.filter(
        zone__slug="shenzhen-longgang", indicator__code__in=["rd_expenditure", "rd_intensity"]
    ).update(year=2024)
    checks_run()
    rd = one(CheckKind.REPORTED_VS_DERIVED, "shenzhen-longgang", "rd_intensity", 2024)
    assert "may belong to 2023" in rd.message
    sectors = one(CheckKind.PARTS_SUM, "guangzhou-development-district", "gdp", 2020)
    assert "3101.42" in sectors.message and "3104.43" in sectors.message
    assert one(CheckKind.SERIES_BREAK, "shenzhen-longgang", "gdp", 2024)
    assert "63.5%" in one(CheckKind.PART_YEAR_RATIO, "shenzhen-longgang", "gdp", 2024).message
    # Bao'an's nine months are 72 % of its year: close enough to 75 % not to be flagged
    assert not Finding.objects.filter(
        kind=CheckKind.PART_YEAR_RATIO, observation__zone__slug="shenzhen-baoan"
    ).exists()


def test_the_checks_endpoint_lists_filters_and_refuses_bad_input(put, client):
    put("z", "gdp", 2023, "1000")
    put("z", "gdp", 2022, "500")
    checks_run()
    rows = client.get("/api/v1/checks/?kind=series_break").json()["results"]
    assert [(r["zone"], r["indicator"], r["year"], r["resolution"]) for r in rows] == [
        ("z", "gdp", 2023, "open")
    ]
    assert client.get("/api/v1/checks/?kind=parts_sum").json()["results"] == []
    bad = client.get("/api/v1/checks/?kind=nonsense")
    assert bad.status_code == 400 and "nonsense" in bad.json()["errors"]["kind"][0]
    csv = client.get("/api/v1/checks/?format=csv")
    assert csv.status_code == 200 and "series_break" in csv.getvalue().decode()


def test_only_a_steward_resolves_a_finding_and_says_why(put, client):
    put("z", "gdp", 2023, "1000")
    put("z", "gdp", 2022, "500")
    checks_run()
    finding = Finding.objects.get()
    url = f"/api/v1/checks/{finding.pk}/"
    assert client.patch(url, {"resolution": "accepted"}, format="json").status_code in (401, 403)
    steward = UserFactory()
    steward.user_permissions.add(Permission.objects.get(codename="change_finding"))
    client.force_login(steward)
    refused = client.patch(url, {"resolution": "accepted"}, format="json")
    assert refused.status_code == 400 and "resolution_note" in refused.content.decode()
    done = client.patch(
        url, {"resolution": "explained", "resolution_note": "区划调整"}, format="json"
    )
    assert done.status_code == 200, done.content
    finding.refresh_from_db()
    assert (finding.resolution, finding.resolution_note) == ("explained", "区划调整")


def test_the_checks_endpoint_runs_a_fixed_number_of_queries(
    put, client, django_assert_max_num_queries
):
    for n in range(8):
        put(f"z{n}", "gdp", 2023, "1000")
        put(f"z{n}", "gdp", 2022, "500")
    checks_run()
    for size in (1, 8):
        with django_assert_max_num_queries(2):
            assert client.get(f"/api/v1/checks/?page_size={size}").status_code == 200


def test_the_observations_api_marks_a_figure_with_an_open_finding(put, client):
    put("z", "gdp", 2023, "1000")
    put("z", "gdp", 2022, "500")
    checks_run()
    rows = client.get("/api/v1/observations/?zone=z").json()["results"]
    assert {(r["year"], r["open_check"]) for r in rows} == {(2022, False), (2023, True)}
    # resolved as the admin does, one save each (a save starts a new data generation, so the
    # answer kept for this address is not served again)
    for finding in Finding.objects.all():
        finding.resolution, finding.resolution_note = Resolution.EXPLAINED, "区划调整"
        finding.save()
    rows = client.get("/api/v1/observations/?zone=z").json()["results"]
    assert not any(r["open_check"] for r in rows)
