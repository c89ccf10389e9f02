"""Standings: where one zone stands on several (indicator, year, period) at once, counted in
SQL, each equal to what the ranking says about that zone."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Func, IntegerField, OuterRef, Q, Subquery, When

from analysis.base import RATIO_DIGITS, CohortAverage, percentile, ratio
from common.cache import per_generation
from indicators.models import CohortStatistic, Direction, Indicator, Observation, Statistic
from indicators.selectors import clean_period


@dataclass
class ZoneStanding:
    """Where one zone stands on one indicator, year and period among all zones with a value."""

    indicator: str
    year: int
    period: str
    value: float
    rank: int
    n: int
    percentile: float
    cohort_averages: list[CohortAverage]
    cohort_ratios: dict[str, float | None]
    # value minus each cohort mean, in the indicator's unit
    cohort_gaps: dict[str, float]


@per_generation("zone_standings")
def zone_standings(*, zone: str, selections: list[tuple[str, int, str]]) -> list[ZoneStanding]:
    """The zone's rank among all zones for each ``(indicator code, year, period)`` asked.

    Each result equals what ``zone_ranking(indicator=, year=, period=)`` (no peer filters) says
    about ``zone``: same rank ("min" ties, direction-aware), n, percentile, cohort means and
    ratios; ``cohort_gaps`` adds the difference from each mean. A selection where the zone has
    no value (or an unknown code) is left out. Three queries in all, however many selections:
    this is what a zone profile shows for its every latest figure. The other zones' values
    never leave the database: ``n`` and the number of better values are counted in SQL, one
    index range each (the ``obs_ranking`` index).
    """
    if not selections:
        return []
    for _, _, period in selections:
        clean_period(period)
    indicators = {
        code: (pk, direction)
        for code, pk, direction in Indicator.objects.filter(
            code__in={code for code, _, _ in selections}
        ).values_list("code", "pk", "direction")
    }
    wanted = Q()
    for code, year, period in selections:
        if code in indicators:
            wanted |= Q(indicator_id=indicators[code][0], year=year, period=period)
    if not wanted:
        return []

    def count(extra: dict[str, Any]) -> Subquery:
        peers = Observation.objects.filter(
            indicator_id=OuterRef("indicator_id"),
            period=OuterRef("period"),
            year=OuterRef("year"),
            **extra,
        )
        counted = peers.order_by().annotate(
            count=Func(function="COUNT", template="COUNT(*)", output_field=IntegerField())
        )
        return Subquery(counted.values("count"), output_field=IntegerField())

    # ties share the best rank ("min"): 1 + the number of strictly better values
    lower_is_better = [
        pk for pk, direction in indicators.values() if direction == Direction.LOWER_IS_BETTER
    ]
    better = Case(
        When(indicator_id__in=lower_is_better, then=count({"value__lt": OuterRef("value")})),
        default=count({"value__gt": OuterRef("value")}),
        output_field=IntegerField(),
    )
    own = {
        (row["indicator_id"], row["year"], row["period"]): row
        for row in Observation.objects.filter(wanted, zone__slug=zone)
        .order_by()
        .annotate(n=count({}), better=better)
        .values("indicator_id", "year", "period", "value", "n", "better")
    }
    averages: dict[tuple[int, int, str], list[CohortAverage]] = {}
    statistics = (
        CohortStatistic.objects.filter(wanted, statistic=Statistic.MEAN)
        .select_related("cohort", "source")
        .order_by("cohort__slug")
    )
    for stat in statistics:
        averages.setdefault((stat.indicator_id, stat.year, stat.period), []).append(
            CohortAverage.from_statistic(stat)
        )
    standings = []
    for code, year, period in selections:
        if code not in indicators:
            continue
        key = (indicators[code][0], year, period)
        row = own.get(key)
        if row is None:
            continue
        value, n = float(row["value"]), int(row["n"])
        rank = 1 + int(row["better"])
        reported = averages.get(key, [])
        standings.append(
            ZoneStanding(
                indicator=code,
                year=year,
                period=period,
                value=value,
                rank=rank,
                n=n,
                percentile=percentile(rank=rank, n=n),
                cohort_averages=reported,
                cohort_ratios={a.cohort: ratio(value, a.value) for a in reported},
                cohort_gaps={a.cohort: round(value - a.value, RATIO_DIGITS) for a in reported},
            )
        )
    return standings
