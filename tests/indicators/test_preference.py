"""Several sources for one figure: every figure kept, one preferred by the stated precedence,
and only the preferred one read by rankings, charts and analyses."""

import datetime as dt
from decimal import Decimal

import pytest

from analysis.ranking import zone_ranking
from common.tabular import write_csv
from indicators.models import Observation, Period, Reliability, Status
from indicators.preference import preference_choose, preference_release
from indicators.services import observation_import
from tests.factories import IndicatorFactory, ObservationFactory, SourceFactory, ZoneFactory

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture
def slot():
    """A zone and a share indicator with a 2024 full-year slot, still empty, and a second zone
    with a figure of its own (so a ranking has two zones)."""
    zone, other = ZoneFactory(), ZoneFactory()
    indicator = IndicatorFactory(unit="%", value_type="share")
    ObservationFactory(zone=other, indicator=indicator, year=2024, value=Decimal("55"))
    return zone, indicator


def figure(zone, indicator, value, **source):
    return ObservationFactory(
        zone=zone,
        indicator=indicator,
        year=2024,
        value=Decimal(value),
        source=SourceFactory(**source),
    )


def preferred_value(zone, indicator):
    return Observation.objects.get(zone=zone, indicator=indicator, year=2024).value


def test_an_official_figure_is_preferred_to_a_research_one_whatever_came_first(slot):
    zone, indicator = slot
    figure(zone, indicator, "56", reliability=Reliability.RESEARCH, published=dt.date(2025, 9, 17))
    figure(zone, indicator, "53.6", reliability=Reliability.OFFICIAL, published=dt.date(2025, 1, 1))
    assert preferred_value(zone, indicator) == Decimal("53.6")
    # Both are kept.
    assert Observation.all_sources.filter(zone=zone, indicator=indicator).count() == 2


@pytest.mark.parametrize(
    ("better", "worse"),
    [
        (Reliability.OFFICIAL, Reliability.SEMI_OFFICIAL),
        (Reliability.SEMI_OFFICIAL, Reliability.RESEARCH),
        (Reliability.RESEARCH, Reliability.MEDIA),
        (Reliability.MEDIA, Reliability.AGGREGATOR),
    ],
)
def test_the_kind_of_source_orders_the_figures(slot, better, worse):
    zone, indicator = slot
    figure(zone, indicator, "10", reliability=better)
    figure(zone, indicator, "20", reliability=worse)
    assert preferred_value(zone, indicator) == Decimal("10")


def test_between_equally_reliable_sources_the_latest_published_wins(slot):
    zone, indicator = slot
    figure(zone, indicator, "30", reliability=Reliability.MEDIA, published=dt.date(2025, 6, 1))
    figure(zone, indicator, "31", reliability=Reliability.MEDIA, published=dt.date(2024, 6, 1))
    figure(zone, indicator, "32", reliability=Reliability.MEDIA, published=None)
    assert preferred_value(zone, indicator) == Decimal("30")


def test_without_publication_dates_the_figure_recorded_last_wins(slot):
    zone, indicator = slot
    figure(zone, indicator, "40", reliability=Reliability.MEDIA)
    figure(zone, indicator, "41", reliability=Reliability.MEDIA)
    assert preferred_value(zone, indicator) == Decimal("41")


def test_a_stewards_choice_comes_first_is_recorded_in_history_and_can_be_withdrawn(
    slot, django_user_model
):
    zone, indicator = slot
    steward = django_user_model.objects.create(username="steward")
    research = figure(zone, indicator, "56", reliability=Reliability.RESEARCH)
    figure(zone, indicator, "53.6", reliability=Reliability.OFFICIAL)
    preference_choose(observation=research, user=steward)
    assert preferred_value(zone, indicator) == Decimal("56")
    latest = research.history.latest()
    assert (latest.steward_preferred, latest.history_user) == (True, steward)
    # Choosing another figure of the slot replaces the earlier choice.
    official = Observation.all_sources.get(zone=zone, indicator=indicator, value=Decimal("53.6"))
    preference_choose(observation=official, user=steward)
    research.refresh_from_db()
    assert research.steward_preferred is False
    assert preferred_value(zone, indicator) == Decimal("53.6")
    preference_choose(observation=research, user=steward)
    research.refresh_from_db()
    preference_release(observation=research, user=steward)
    assert preferred_value(zone, indicator) == Decimal("53.6")


def test_deleting_the_preferred_figure_prefers_the_next(slot):
    zone, indicator = slot
    figure(zone, indicator, "56", reliability=Reliability.RESEARCH)
    official = figure(zone, indicator, "53.6", reliability=Reliability.OFFICIAL)
    official.delete()
    assert preferred_value(zone, indicator) == Decimal("56")


def test_a_ranking_counts_a_zone_once_with_its_preferred_figure(slot):
    zone, indicator = slot
    figure(zone, indicator, "56", reliability=Reliability.RESEARCH)
    figure(zone, indicator, "53.6", reliability=Reliability.OFFICIAL)
    ranking = zone_ranking(indicator=indicator.code, year=2024)
    values = {row.zone: row.value for row in ranking.rows}
    assert values == {zone.slug: 53.6, Observation.objects.exclude(zone=zone).get().zone.slug: 55}
    assert len(ranking.rows) == 2


def rows_file(rows):
    return write_csv(headers=["zone", "indicator", "year", "value", "source"], rows=rows)


def test_an_import_keeps_two_sources_for_one_slot_and_prefers_by_precedence(slot):
    zone, indicator = slot
    research = SourceFactory(reliability=Reliability.RESEARCH)
    official = SourceFactory(reliability=Reliability.OFFICIAL)
    data = rows_file(
        [
            [zone.slug, indicator.code, 2024, "56", research.key],
            [zone.slug, indicator.code, 2024, "53.6", official.key],
        ]
    )
    report = observation_import(file=data, filename="two.csv", dry_run=False)
    assert report.written, report.rejected
    assert report.count("created") == 2
    assert preferred_value(zone, indicator) == Decimal("53.6")
    again = observation_import(file=data, filename="two.csv", dry_run=False)
    assert (again.count("created"), again.count("updated"), again.count("unchanged")) == (0, 0, 2)
    # A later import of a third, less reliable source leaves the preference alone ...
    media = SourceFactory(reliability=Reliability.MEDIA)
    third = rows_file([[zone.slug, indicator.code, 2024, "50", media.key]])
    assert observation_import(file=third, filename="third.csv", dry_run=False).written
    assert preferred_value(zone, indicator) == Decimal("53.6")
    assert Observation.all_sources.filter(zone=zone, indicator=indicator).count() == 3


def test_an_imported_figure_joining_a_stored_one_is_settled_after_the_write(slot):
    zone, indicator = slot
    figure(zone, indicator, "56", reliability=Reliability.RESEARCH)
    official = SourceFactory(reliability=Reliability.OFFICIAL)
    data = rows_file([[zone.slug, indicator.code, 2024, "53.6", official.key]])
    assert observation_import(file=data, filename="one.csv", dry_run=False).written
    assert preferred_value(zone, indicator) == Decimal("53.6")
    stored = Observation.all_sources.filter(zone=zone, indicator=indicator, year=2024)
    assert sorted(stored.values_list("preferred", flat=True)) == [False, True]


def test_the_same_slot_and_source_twice_in_a_file_is_a_duplicate(slot):
    zone, indicator = slot
    source = SourceFactory()
    data = rows_file(
        [
            [zone.slug, indicator.code, 2024, "56", source.key],
            [zone.slug, indicator.code, 2024, "57", source.key],
        ]
    )
    report = observation_import(file=data, filename="dup.csv", dry_run=False)
    assert not report.written
    assert [(e.row, e.column) for e in report.rejected] == [(3, "zone")]
    assert "Duplicate of row 2" in report.rejected[0].message


def test_a_derived_figure_gives_way_to_a_reported_one_from_another_source(db):
    from indicators.derived import derived_recompute

    zone = ZoneFactory()
    gdp = IndicatorFactory(unit="亿元")
    people = IndicatorFactory(unit="万人")
    per_head = IndicatorFactory(
        unit="元",
        formula_kind="ratio",
        formula_first=gdp,
        formula_second=people,
        formula_factor=10000,
    )
    for indicator, value in ((gdp, "100"), (people, "50")):
        ObservationFactory(zone=zone, indicator=indicator, year=2024, value=Decimal(value))
    derived_recompute(codes=[per_head.code])
    assert Observation.objects.get(indicator=per_head).status == Status.DERIVED
    reported = SourceFactory(reliability=Reliability.MEDIA)
    data = rows_file([[zone.slug, per_head.code, 2024, "21000", reported.key]])
    assert observation_import(file=data, filename="r.csv", dry_run=False).written
    # The reported figure is preferred at once, and the recompute drops the derived one.
    assert Observation.objects.get(indicator=per_head).value == Decimal("21000")
    derived_recompute(codes=[per_head.code])
    (only,) = Observation.all_sources.filter(indicator=per_head, period=Period.FULL_YEAR)
    assert (only.status, only.preferred) == (Status.REPORTED, True)
