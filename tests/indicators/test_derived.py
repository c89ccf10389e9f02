"""Derived indicators: each shipped formula against hand arithmetic, and the rules they keep."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators.derived import derived_affected_by, derived_recompute
from indicators.models import FormulaKind, Indicator, Observation, Reliability, Status
from tests.factories import ObservationFactory, SourceFactory, ZoneFactory

# Two zones' inputs (zone, indicator, year, value): small round numbers, so every expected
# result below can be worked out by hand.
INPUTS = {
    "alpha": [
        ("gdp", 2018, "500"),
        ("gdp", 2022, "800"),
        ("gdp", 2023, "1000"),
        ("population", 2023, "50"),
        ("area", 2020, "40"),
        ("rd_expenditure", 2023, "30"),
        ("primary_va", 2023, "10"),
        ("secondary_va", 2023, "390"),
        ("tertiary_va", 2023, "600"),
        ("budget_revenue", 2023, "80"),
    ],
    "beta": [
        ("gdp", 2018, "1600"),
        ("gdp", 2022, "2400"),
        ("gdp", 2023, "2500"),
        ("population", 2023, "120"),
        ("area", 2023, "64"),
        ("rd_expenditure", 2023, "75"),
        ("primary_va", 2023, "25"),
        ("secondary_va", 2023, "1000"),
        ("tertiary_va", 2023, "1475"),
        ("budget_revenue", 2023, "200"),
    ],
}

# (indicator, zone, 2023 value) worked out by hand.
EXPECTED = [
    ("gdp_per_km2", "alpha", "25.0000"),  # 1000 亿元 ÷ 40 km² (the 2020 area, carried)
    ("gdp_per_km2", "beta", "39.0625"),  # 2500 ÷ 64
    ("gdp_per_capita", "alpha", "200000.0000"),  # 1000 亿元 ÷ 50 万人 × 10⁴ = 元
    ("gdp_per_capita", "beta", "208333.3333"),  # 2500 ÷ 120 × 10⁴
    ("rd_intensity", "alpha", "3.0000"),  # 30 ÷ 1000 × 100
    ("rd_intensity", "beta", "3.0000"),  # 75 ÷ 2500 × 100
    ("primary_share", "alpha", "1.0000"),  # 10 ÷ 1000 × 100
    ("secondary_share", "alpha", "39.0000"),
    ("tertiary_share", "alpha", "60.0000"),
    ("primary_share", "beta", "1.0000"),  # 25 ÷ 2500 × 100
    ("secondary_share", "beta", "40.0000"),
    ("tertiary_share", "beta", "59.0000"),
    ("gdp_growth_nominal", "alpha", "25.0000"),  # 1000 ÷ 800 − 1
    ("gdp_growth_nominal", "beta", "4.1667"),  # 2500 ÷ 2400 − 1
    ("gdp_cagr_5y", "alpha", "14.8698"),  # (1000 ÷ 500)^(1/5) − 1 = 2^0.2 − 1
    ("gdp_cagr_5y", "beta", "9.3362"),  # (2500 ÷ 1600)^(1/5) − 1 = 1.5625^0.2 − 1
    ("budget_revenue_per_capita", "alpha", "16000.0000"),  # 80 ÷ 50 × 10⁴
    ("budget_revenue_per_capita", "beta", "16666.6667"),  # 200 ÷ 120 × 10⁴
]


@pytest.fixture
def catalogue(db):
    call_command("loaddata", "sources", "indicators", verbosity=0)


@pytest.fixture
def two_zones(catalogue):
    source = SourceFactory(key="test-bulletin", reliability=Reliability.OFFICIAL)
    indicators = {ind.code: ind for ind in Indicator.objects.all()}
    zones = {}
    for slug, rows in INPUTS.items():
        zones[slug] = zone = ZoneFactory(slug=slug)
        for code, year, value in rows:
            ObservationFactory(
                zone=zone,
                indicator=indicators[code],
                year=year,
                value=Decimal(value),
                source=source,
            )
    return zones


def derived(slug: str, code: str, year: int = 2023) -> Observation:
    return Observation.objects.get(zone__slug=slug, indicator__code=code, year=year)


@pytest.mark.parametrize(("code", "slug", "expected"), EXPECTED)
def test_each_shipped_formula_matches_the_hand_computation(two_zones, code, slug, expected):
    derived_recompute()
    obs = derived(slug, code)
    assert obs.status == Status.DERIVED
    assert obs.value == Decimal(expected)


def test_the_shipped_catalogue_covers_the_required_formulas(catalogue):
    kinds = dict(Indicator.objects.exclude(formula_kind="").values_list("code", "formula_kind"))
    assert {code for code, _slug, _value in EXPECTED} <= set(kinds)
    assert kinds["gdp_cagr_5y"] == FormulaKind.CAGR
    assert kinds["gdp_growth_nominal"] == FormulaKind.GROWTH


def test_a_derived_figure_names_its_inputs_and_takes_the_least_reliable_source(two_zones):
    weak = SourceFactory(key="an-aggregator", reliability=Reliability.AGGREGATOR)
    Observation.objects.filter(zone__slug="alpha", indicator__code="population", year=2023).update(
        source=weak
    )
    derived_recompute()
    obs = derived("alpha", "gdp_per_capita")
    assert obs.locator == "地区生产总值 2023 ÷ 常住人口 2023"
    assert obs.as_reported == "推算 / derived: 1000 ÷ 50 × 10000"
    assert obs.source == weak
    assert obs.first_input.indicator.code == "gdp"
    assert obs.second_input.indicator.code == "population"
    # the carried area says which year it comes from
    assert derived("alpha", "gdp_per_km2").locator == "地区生产总值 2023 ÷ 面积 2020"


def test_a_derived_figure_never_replaces_a_reported_one(two_zones):
    reported = ObservationFactory(
        zone=two_zones["alpha"],
        indicator=Indicator.objects.get(code="rd_intensity"),
        year=2023,
        value=Decimal("3.5"),
    )
    report = derived_recompute()
    reported.refresh_from_db()
    assert (reported.status, reported.value) == (Status.REPORTED, Decimal("3.5"))
    assert (
        Observation.objects.filter(zone__slug="alpha", indicator__code="rd_intensity").count() == 1
    )
    assert derived_recompute().created == 0 and report.created > 0


def test_a_missing_or_zero_denominator_gives_no_figure_never_zero(two_zones):
    Observation.objects.filter(zone__slug="beta", indicator__code="population").delete()
    Observation.objects.filter(zone__slug="alpha", indicator__code="population").update(
        value=Decimal(0)
    )
    derived_recompute()
    per_resident = Observation.objects.filter(indicator__code="gdp_per_capita")
    assert not per_resident.exists()
    # an area reported after the year is not used for an earlier year
    assert not Observation.objects.filter(
        zone__slug="beta", indicator__code="gdp_per_km2", year=2022
    ).exists()


def test_deleting_an_input_deletes_what_was_derived_from_it(two_zones):
    derived_recompute()
    Observation.objects.get(zone__slug="alpha", indicator__code="rd_expenditure").delete()
    assert not Observation.objects.filter(
        zone__slug="alpha", indicator__code="rd_intensity"
    ).exists()
    assert derived("beta", "rd_intensity").value == Decimal("3")


def test_changing_an_input_recomputes_and_a_second_run_changes_nothing(two_zones):
    derived_recompute()
    Observation.objects.filter(zone__slug="alpha", indicator__code="gdp", year=2023).update(
        value=Decimal("1200")
    )
    report = derived_recompute(
        codes=derived_affected_by(indicator_ids=[Indicator.objects.get(code="gdp").pk])
    )
    assert derived("alpha", "rd_intensity").value == Decimal("2.5000")  # 30 ÷ 1200 × 100
    assert derived("alpha", "gdp_growth_nominal").value == Decimal("50.0000")  # 1200 ÷ 800 − 1
    assert report.updated >= 7 and report.created == 0
    again = derived_recompute()
    assert (again.created, again.updated, again.deleted) == (0, 0, 0)


def test_a_share_above_100_is_not_stored(two_zones):
    Observation.objects.filter(zone__slug="alpha", indicator__code="secondary_va").update(
        value=Decimal("1500")
    )
    derived_recompute()
    assert not Observation.objects.filter(
        zone__slug="alpha", indicator__code="secondary_share"
    ).exists()


def test_the_recompute_runs_the_same_queries_for_two_zones_or_twelve(two_zones):
    def queries() -> int:
        Observation.objects.filter(status=Status.DERIVED).delete()
        with CaptureQueriesContext(connection) as captured:
            derived_recompute()
        return len(captured)

    few = queries()
    source = SourceFactory(key="test-bulletin")
    gdp = Indicator.objects.get(code="gdp")
    population = Indicator.objects.get(code="population")
    for n in range(10):
        zone = ZoneFactory(slug=f"extra-{n}")
        ObservationFactory(zone=zone, indicator=gdp, year=2023, value=100 + n, source=source)
        ObservationFactory(zone=zone, indicator=population, year=2023, value=5, source=source)
    assert queries() == few


def test_the_command_recomputes_and_refuses_an_unknown_code(two_zones, capsys):
    call_command("derive_indicators")
    assert "derived indicators" in capsys.readouterr().out
    assert derived("beta", "gdp_per_km2").value == Decimal("39.0625")
    with pytest.raises(Exception, match="no_such_code"):
        call_command("derive_indicators", "no_such_code")


def test_a_formula_must_name_its_inputs(catalogue):
    indicator = Indicator.objects.get(code="gdp_per_capita")
    indicator.formula_second = None
    with pytest.raises(ValidationError, match="lacks an input"):
        indicator.full_clean()
    growth = Indicator.objects.get(code="gdp_growth_nominal")
    growth.formula_first = growth
    with pytest.raises(ValidationError, match="itself"):
        growth.full_clean()


def test_every_shipped_ratio_takes_the_factor_its_units_give(catalogue):
    for indicator in Indicator.objects.filter(formula_kind=FormulaKind.RATIO):
        indicator.full_clean()  # raises on a factor the units contradict
    per_resident = Indicator.objects.get(code="gdp_per_capita")
    per_resident.formula_factor = Decimal(1)
    with pytest.raises(ValidationError, match="10000"):
        per_resident.full_clean()


def test_after_an_import_only_what_its_figures_feed_is_recomputed_for_its_zones(two_zones):
    from common.tabular import write_csv
    from indicators.refresh import figures_refresh
    from indicators.services import observation_import

    derived_recompute()
    everything = derived_recompute().indicators
    data = write_csv(
        headers=["zone", "indicator", "year", "value", "source"],
        rows=[["alpha", "population", 2023, "40", "test-bulletin"]],
    )
    report = observation_import(file=data, filename="population.csv", dry_run=False)
    assert report.written
    population = Indicator.objects.get(code="population").pk
    assert report.scope == {"zone": {two_zones["alpha"].pk}, "indicator": {population}}
    derived_summary, _checks = figures_refresh(scope=report.scope)
    # GDP and budget revenue per resident follow the new population (1000 ÷ 40, 80 ÷ 40) ...
    assert derived("alpha", "gdp_per_capita").value == Decimal("250000.0000")
    assert derived("alpha", "budget_revenue_per_capita").value == Decimal("20000.0000")
    # ... and only the indicators population feeds were recomputed.
    fed = derived_affected_by(indicator_ids=[population])
    assert f"derived indicators {len(fed)}:" in derived_summary
    assert 0 < len(fed) < len(everything)
