"""The fixtures derived from the five source documents: complete, valid and idempotent."""

from decimal import Decimal

import pytest
from django.apps import apps
from django.core import serializers
from django.core.management import call_command

from indicators.models import CohortStatistic, Observation, Period, Source
from tests.conftest import FIXTURES
from zones.models import Cohort, Zone

DOCUMENTS = [
    "000_25092024c59086cc.txt",
    "001_8b9b34ff9182dce7.txt",
    "002_e72cbd7cbd590d7c.txt",
    "003_0dcc7598a7982b8f.txt",
    "004_0a34a82d7bdcc28c.txt",
]
PROJECT_MODELS = [
    model
    for label in ("zones", "indicators")
    for model in apps.get_app_config(label).get_models()
    if not model.__name__.startswith("Historical")
]

# The 2024 cohort averages document 002 reports (indicator code -> value as printed).
NEW_CENTRE_MEANS = {
    "gdp": "2481.8",
    "gdp_growth": "5.2",
    "gdp_per_capita": "187342.6",
    "budget_revenue": "178.3",
    "urban_income": "73717.6",
    "urban_income_growth": "4.3",
    "retail_sales": "752.0",
    "fai_growth": "1.0",
    "retail_sales_growth": "1.9",
}
EAST_DISTRICT_MEANS = {
    "gdp": "1241.4",
    "gdp_growth": "4.8",
    "gdp_per_capita": "141307.1",
    "budget_revenue": "77.8",
    "urban_income": "61859.3",
    "retail_sales": "453.3",
    "fai_growth": "2.4",
    "retail_sales_growth": "2.8",
}


def snapshot():
    """Every row of every project table, serialised: equal snapshots mean equal databases."""
    return {
        model._meta.label: serializers.serialize("json", model.objects.order_by("pk"))
        for model in PROJECT_MODELS
    }


def test_every_loaded_object_passes_full_clean(seeded_db):
    checked = 0
    for model in PROJECT_MODELS:
        for obj in model.objects.all():
            obj.full_clean()
            checked += 1
    assert checked > 300


def test_there_is_one_source_per_document_and_it_names_its_file(seeded_db):
    # the five documents, and the high-tech zones' data file the cohort of all national
    # high-tech zones comes from
    assert sorted(Source.objects.values_list("document", flat=True)) == [
        *DOCUMENTS,
        "hitech_zones.csv",
    ]


def test_every_document_backs_at_least_one_observation_or_statistic(seeded_db):
    for source in Source.objects.all():
        backs = source.observations.exists() or source.cohort_statistics.exists()
        assert backs or source.cohorts.exists(), source.key


def test_every_observation_has_a_source_and_a_figure_as_reported(seeded_db):
    assert Observation.objects.count() > 30
    assert not Observation.objects.filter(source__isnull=True).exists()
    assert not Observation.objects.filter(as_reported="").exists()
    assert not Observation.objects.filter(locator="").exists()


def test_loading_the_fixtures_twice_changes_nothing(seeded_db):
    before = snapshot()
    call_command("loaddata", *FIXTURES, verbosity=0)
    assert snapshot() == before


@pytest.mark.parametrize(
    ("cohort", "means"),
    [("east-urban-new-centres-52", NEW_CENTRE_MEANS), ("east-districts-353", EAST_DISTRICT_MEANS)],
)
def test_every_cohort_average_of_document_002_is_present_with_its_value(seeded_db, cohort, means):
    stored = {
        code: value
        for code, value in CohortStatistic.objects.filter(
            cohort__slug=cohort, statistic="mean", year=2024, period=Period.FULL_YEAR
        ).values_list("indicator__code", "value")
    }
    assert stored == {code: Decimal(value) for code, value in means.items()}


def test_cohorts_carry_the_reported_member_counts(seeded_db):
    counts = dict(Cohort.objects.values_list("slug", "reported_member_count"))
    assert counts == {
        "east-urban-new-centres-52": 52,
        "east-districts-353": 353,
        "national-hightech-zones": 178,
    }


def test_a_three_sector_structure_is_stored_as_three_shares_adding_to_100(seeded_db):
    shares = Observation.objects.filter(
        zone__slug="shenzhen-longgang", year=2024, indicator__code__endswith="_share"
    ).exclude(indicator__code__startswith="sei")
    by_code = dict(shares.values_list("indicator__code", "value"))
    assert by_code == {
        "primary_share": Decimal("0.02"),
        "secondary_share": Decimal("64.21"),
        "tertiary_share": Decimal("35.77"),
    }
    assert sum(by_code.values()) == Decimal("100")


def test_a_january_to_september_figure_is_kept_as_a_nine_month_figure(seeded_db):
    binjiang_2016 = Observation.objects.filter(zone__slug="hangzhou-binjiang", year=2016)
    assert set(binjiang_2016.values_list("period", flat=True)) == {Period.M9}
    assert binjiang_2016.get(indicator__code="gdp").value == Decimal("649.8")


def test_the_five_development_models_each_have_their_example_district(seeded_db):
    examples = dict(
        Zone.objects.exclude(development_model="").values_list("development_model", "slug")
    )
    assert examples == {
        "strategy_led": "beijing-tongzhou",
        "industry_led": "shenzhen-longgang",
        "innovation_driven": "shenzhen-guangming",
        "ecosystem_cultivated": "hangzhou-xiaoshan",
        "regional_coordination": "shanghai-putuo",
    }


def test_every_zone_has_a_location_for_the_map(seeded_db):
    assert not Zone.objects.filter(latitude__isnull=True).exists()
    assert not Zone.objects.filter(longitude__isnull=True).exists()


def test_territories_reported_on_two_scopes_are_linked_both_ways(seeded_db):
    binjiang = Zone.objects.get(slug="hangzhou-binjiang")
    zone = Zone.objects.get(slug="hangzhou-hightech-zone")
    combined = Zone.objects.get(slug="hangzhou-hightech-binjiang")
    assert set(binjiang.same_territory.all()) == {zone, combined}
    assert set(zone.same_territory.all()) == {binjiang, combined}
    assert set(combined.same_territory.all()) == {zone, binjiang}


def test_every_indicator_unit_is_in_the_unit_table(seeded_db):
    from indicators.models import Indicator
    from indicators.units import normalise_unit

    for unit in Indicator.objects.values_list("unit", flat=True).distinct():
        assert normalise_unit(unit) == unit
