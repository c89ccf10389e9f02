"""Benchmark: one zone against the mean a source reports for a cohort, indicator by
indicator."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from analysis.base import RATIO_DIGITS, ratio, required_cohort
from analysis.distribution import cohort_distributions
from common.cache import per_generation
from common.errors import UnknownCode
from indicators.models import (
    CohortStatistic,
    Direction,
    Indicator,
    Observation,
    Period,
    Statistic,
)
from indicators.selectors import (
    clean_period,
    clean_year_range,
    frame_from_queryset,
    observation_queryset,
)
from zones.models import Zone


@dataclass
class ZoneFigureRow:
    """An indicator and the zone's figure, the first columns of every benchmark row."""

    indicator: str
    name_zh: str
    name_en: str
    unit: str
    direction: str
    year: int
    period: str
    zone_value: float
    zone_as_reported: str
    zone_qualifier: str
    zone_source: str
    zone_reliability: str


@dataclass
class BenchmarkRow(ZoneFigureRow):
    cohort_value: float
    cohort_as_reported: str
    cohort_qualifier: str
    cohort_source: str
    cohort_reliability: str
    ratio: float | None
    gap: float
    ahead: bool | None
    # computed from the cohort's known members with a figure (analysis.distribution), not
    # reported: None below its MIN_MEMBERS
    members_n: int = 0
    members_q1: float | None = None
    members_median: float | None = None
    members_q3: float | None = None


@dataclass
class Benchmark:
    zone: str
    zone_name_zh: str
    zone_name_en: str
    cohort: str
    cohort_name_zh: str
    cohort_name_en: str
    year: int | None
    period: str
    rows: list[BenchmarkRow]


def ahead_of(direction: str, gap: float) -> bool | None:
    """Whether a zone ``gap`` above a reference is better, given the ``direction``; None for a
    neutral indicator or no gap."""
    if direction == Direction.NEUTRAL or gap == 0:
        return None
    return gap < 0 if direction == Direction.LOWER_IS_BETTER else gap > 0


def zone_figure(indicator: Indicator, record: dict[str, Any], *, period: str) -> dict[str, Any]:
    """The indicator and zone-figure fields of a benchmark row, from a frame record."""
    return {
        "indicator": indicator.code,
        "name_zh": indicator.name_zh,
        "name_en": indicator.name_en,
        "unit": indicator.unit,
        "direction": indicator.direction,
        "year": int(record["year"]),
        "period": period,
        "zone_value": float(record["value"]),
        "zone_as_reported": record["as_reported"],
        "zone_qualifier": record["qualifier"],
        "zone_source": record["source"],
        "zone_reliability": record["reliability"],
    }


@per_generation("zone_benchmark")
def zone_benchmark(
    *,
    zone: str,
    cohort: str,
    year: int | None = None,
    period: str = Period.FULL_YEAR,
) -> Benchmark:
    """``zone`` against the mean of ``cohort``, indicator by indicator.

    A row for every indicator where the zone and the cohort's reported mean both have a value
    in the same year and ``period``: in ``year`` when given, else in the latest year they share.
    ``ratio`` = zone / cohort (None when the cohort mean is 0), ``gap`` = zone - cohort,
    ``ahead`` says whether the zone is better given the indicator's direction (None for
    neutral indicators or equal values). ``members_*``: the quartiles of the cohort's known
    members' figures in the row's year, computed (``analysis.distribution``), with their n.
    Rows follow the indicator catalogue order.
    """
    clean_period(period)
    if year is not None:
        clean_year_range(year, None)
    try:
        zone_obj = Zone.objects.get(slug=zone)
    except Zone.DoesNotExist:
        raise UnknownCode("zone", zone) from None
    cohort_obj = required_cohort(cohort)

    statistics = CohortStatistic.objects.filter(
        cohort=cohort_obj, period=period, statistic=Statistic.MEAN
    ).select_related("indicator", "source")
    if year is not None:
        statistics = statistics.filter(year=year)
    means = {(stat.indicator.code, stat.year): stat for stat in statistics}

    zone_frame = frame_from_queryset(
        observation_queryset(
            zones=[zone],
            indicators=sorted({code for code, _ in means}),
            year_from=year,
            year_to=year,
            periods=[period],
        )
    )
    if not zone_frame.empty:
        zone_frame = zone_frame[
            [
                (code, year_) in means
                for code, year_ in zip(zone_frame["indicator"], zone_frame["year"], strict=True)
            ]
        ]
        # the latest shared year of each indicator
        zone_frame = zone_frame.sort_values("year").groupby("indicator").tail(1)
    chosen = {record["indicator"]: record for record in zone_frame.to_dict("records")}
    order = {code: stat.indicator for (code, _), stat in means.items()}
    indicators = sorted(
        (order[code] for code in chosen), key=lambda ind: (ind.sort_order, ind.code)
    )

    rows = []
    for indicator in indicators:
        record = chosen[indicator.code]
        stat = means[(indicator.code, int(record["year"]))]
        zone_value, cohort_value = float(record["value"]), float(stat.value)
        gap = zone_value - cohort_value
        rows.append(
            BenchmarkRow(
                **zone_figure(indicator, record, period=period),
                cohort_value=cohort_value,
                cohort_as_reported=stat.as_reported,
                cohort_qualifier=stat.qualifier,
                cohort_source=stat.source.key,
                cohort_reliability=stat.source.reliability,
                ratio=ratio(zone_value, cohort_value),
                gap=round(gap, RATIO_DIGITS),
                ahead=ahead_of(indicator.direction, gap),
            )
        )
    spread = {
        (item.indicator, item.year): item
        for item in cohort_distributions(
            slots=[(row.indicator, row.year) for row in rows], period=period, cohorts=[cohort]
        )
    }
    for row in rows:
        found = spread.get((row.indicator, row.year))
        if found:
            row.members_n, row.members_q1 = found.n, found.q1
            row.members_median, row.members_q3 = found.median, found.q3
    return Benchmark(
        zone=zone_obj.slug,
        zone_name_zh=zone_obj.name_zh,
        zone_name_en=zone_obj.name_en,
        cohort=cohort_obj.slug,
        cohort_name_zh=cohort_obj.name_zh,
        cohort_name_en=cohort_obj.name_en,
        year=year,
        period=period,
        rows=rows,
    )


class Why:
    """Why a cohort statistic has no row in a benchmark."""

    NOT_A_MEAN = "not_a_mean"  # a median, total, count...: no single zone compares with it
    OTHER_PERIOD = "other_period"  # reported for another period than the one asked
    NO_ZONE_VALUE = "no_zone_value"  # the zone has no value of the indicator in that period
    OTHER_YEAR = "other_year"  # the zone has values, but not in this statistic's year
    OLDER_YEAR = "older_year"  # compared in a later year both have


@dataclass
class Uncompared:
    indicator: str
    name_zh: str
    name_en: str
    unit: str
    statistic: str
    year: int
    period: str
    value: float
    qualifier: str
    source: str
    why: str
    # the years, newest first, in which the zone has a value in this statistic's period
    zone_years: list[int]


def uncompared_statistics(*, benchmark: Benchmark) -> list[Uncompared]:
    """Every statistic the cohort reports that ``benchmark`` has no row for, with why (a
    ``Why`` value), in catalogue order, newest year first. Two queries."""
    compared = {(row.indicator, row.year) for row in benchmark.rows}
    statistics = (
        CohortStatistic.objects.filter(cohort__slug=benchmark.cohort)
        .select_related("indicator", "source")
        .order_by("indicator__sort_order", "indicator__code", "-year", "statistic", "period")
    )
    zone_years: dict[tuple[str, str], list[int]] = {}
    for code, year, period in (
        Observation.objects.filter(zone__slug=benchmark.zone)
        .order_by("-year")
        .values_list("indicator__code", "year", "period")
        .distinct()
    ):
        zone_years.setdefault((code, period), []).append(year)
    used_year = {row.indicator: row.year for row in benchmark.rows}
    out = []
    for stat in statistics:
        code = stat.indicator.code
        compared_here = (code, stat.year) in compared and stat.period == benchmark.period
        if stat.statistic == Statistic.MEAN and compared_here:
            continue
        years = zone_years.get((code, stat.period), [])
        if stat.statistic != Statistic.MEAN:
            why = Why.NOT_A_MEAN
        elif stat.period != benchmark.period:
            why = Why.OTHER_PERIOD
        elif not years:
            why = Why.NO_ZONE_VALUE
        elif benchmark.year is not None and stat.year != benchmark.year:
            why = Why.OTHER_YEAR
        elif stat.year in years and code in used_year:
            why = Why.OLDER_YEAR
        else:
            why = Why.OTHER_YEAR
        out.append(
            Uncompared(
                indicator=code,
                name_zh=stat.indicator.name_zh,
                name_en=stat.indicator.name_en,
                unit=stat.indicator.unit,
                statistic=stat.statistic,
                year=stat.year,
                period=stat.period,
                value=float(stat.value),
                qualifier=stat.qualifier,
                source=stat.source.key,
                why=why,
                zone_years=years,
            )
        )
    return out
