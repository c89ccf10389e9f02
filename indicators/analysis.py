"""The computations the dashboards and the API share: rankings, latest values, comparisons,
benchmarks against a cohort.

Results are dataclasses of plain str/int/float/None (``dataclasses.asdict`` gives JSON), or
tidy pandas frames. Every figure carries its provenance: the source key, the figure as
reported, its qualifier and the source's reliability. Only one period is ever used at a time:
a nine-month figure is never ranked or compared with full-year figures.

Unknown codes raise ``UnknownCode`` and other bad input ``BadParameter`` (both from
``indicators.selectors``, re-exported here), naming the parameter.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from common.codes import clean_choices
from common.errors import BadParameter, UnknownCode
from indicators.models import (
    PERIOD_MONTHS,
    CohortStatistic,
    Direction,
    Indicator,
    Period,
    Statistic,
)
from indicators.selectors import (
    FRAME_COLUMNS,
    check_codes,
    clean_period,
    clean_year_range,
    frame_from_queryset,
    latest_observations,
    observation_frame,
    observation_queryset,
)
from zones.models import Cohort, Region, Zone, ZoneKind

__all__ = [
    "BadParameter",
    "Benchmark",
    "BenchmarkRow",
    "CohortAverage",
    "IndicatorInfo",
    "RankedZone",
    "Ranking",
    "RecentValue",
    "UnknownCode",
    "compare",
    "most_recent_values",
    "to_wide",
    "zone_benchmark",
    "zone_ranking",
]

RATIO_DIGITS = 4


@dataclass
class IndicatorInfo:
    code: str
    name_zh: str
    name_en: str
    unit: str
    direction: str


@dataclass
class CohortAverage:
    cohort: str
    name_zh: str
    name_en: str
    value: float
    as_reported: str
    qualifier: str
    source: str
    reliability: str

    @classmethod
    def from_statistic(cls, stat: CohortStatistic) -> CohortAverage:
        """From a CohortStatistic with its cohort and source selected."""
        return cls(
            cohort=stat.cohort.slug,
            name_zh=stat.cohort.name_zh,
            name_en=stat.cohort.name_en,
            value=float(stat.value),
            as_reported=stat.as_reported,
            qualifier=stat.qualifier,
            source=stat.source.key,
            reliability=stat.source.reliability,
        )


@dataclass
class RankedZone:
    zone: str
    name_zh: str
    name_en: str
    value: float
    as_reported: str
    qualifier: str
    status: str
    source: str
    reliability: str
    rank: int
    n: int
    percentile: float
    cohort_ratios: dict[str, float | None] = field(default_factory=dict)


@dataclass
class Ranking:
    indicator: IndicatorInfo
    year: int
    period: str
    peer_set: dict
    n: int
    rows: list[RankedZone]
    cohort_averages: list[CohortAverage]


@dataclass
class RecentValue:
    zone: str
    name_zh: str
    name_en: str
    indicator: str
    unit: str
    year: int
    period: str
    value: float
    as_reported: str
    qualifier: str
    status: str
    source: str
    reliability: str


@dataclass
class BenchmarkRow:
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
    cohort_value: float
    cohort_as_reported: str
    cohort_qualifier: str
    cohort_source: str
    cohort_reliability: str
    ratio: float | None
    gap: float
    ahead: bool | None


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


def _get_indicator(code: str) -> Indicator:
    try:
        return Indicator.objects.get(code=code)
    except Indicator.DoesNotExist:
        raise UnknownCode("indicator", code) from None


def _indicator_info(indicator: Indicator) -> IndicatorInfo:
    return IndicatorInfo(
        code=indicator.code,
        name_zh=indicator.name_zh,
        name_en=indicator.name_en,
        unit=indicator.unit,
        direction=indicator.direction,
    )


def _label_parts(label) -> tuple[str, str]:
    """Split a "中文 / English" choice label into its two languages."""
    zh, _, en = str(label).partition(" / ")
    return zh, en or zh


def _ratio(value: float, reference: float) -> float | None:
    if reference == 0:
        return None
    return round(value / reference, RATIO_DIGITS)


def _peer_set(
    *, kind: str | None, region: str | None, cohort: Cohort | None, reliabilities
) -> dict:
    parts_zh, parts_en = [], []
    if kind:
        zh, en = _label_parts(ZoneKind(kind).label)
        parts_zh.append(zh)
        parts_en.append(en)
    if region:
        zh, en = _label_parts(Region(region).label)
        parts_zh.append(zh)
        parts_en.append(en)
    if cohort:
        parts_zh.append(f"“{cohort.name_zh}”已知成员")
        parts_en.append(f"known members of “{cohort.name_en}”")
    if reliabilities:
        parts_zh.append("来源可靠性：" + "、".join(reliabilities))
        parts_en.append("source reliability: " + ", ".join(reliabilities))
    return {
        "kind": kind,
        "region": region,
        "cohort": cohort.slug if cohort else None,
        "reliabilities": list(reliabilities) if reliabilities else None,
        "label_zh": "，".join(parts_zh) if parts_zh else "全部园区",
        "label_en": "; ".join(parts_en) if parts_en else "all zones",
    }


def cohort_averages(*, indicator: str, year: int, period: str = Period.FULL_YEAR) -> list:
    """The cohort means reported for ``indicator`` in ``year``/``period``, by cohort slug."""
    statistics = (
        CohortStatistic.objects.filter(
            indicator__code=indicator, year=year, period=period, statistic=Statistic.MEAN
        )
        .select_related("cohort", "source")
        .order_by("cohort__slug")
    )
    return [CohortAverage.from_statistic(stat) for stat in statistics]


def zone_ranking(
    *,
    indicator: str,
    year: int,
    period: str = Period.FULL_YEAR,
    kind: str | None = None,
    region: str | None = None,
    cohort: str | None = None,
    reliabilities: list[str] | None = None,
) -> Ranking:
    """Every zone of the peer set with a value of ``indicator`` in ``year``/``period``, ranked.

    The peer set is all zones, narrowed by ``kind``, ``region``, membership of ``cohort`` and
    the ``reliabilities`` of the sources. Rank 1 is the best: highest value first, lowest first
    for a lower-is-better indicator (neutral ones rank by value, highest first). Ties share the
    best rank ("min" method). ``percentile`` = 100 * (n - rank) / (n - 1) (100 for the top, 0
    for the bottom, 100 when n is 1). ``cohort_ratios`` gives the zone's value divided by each
    cohort mean reported for the same indicator, year and period (None when that mean is 0).
    Rows are ordered by rank, then zone slug. Unknown codes raise ``UnknownCode``.
    """
    clean_period(period)
    clean_year_range(year, None)
    indicator_obj = _get_indicator(indicator)
    clean_choices("kind", [kind] if kind else None, ZoneKind.values)
    clean_choices("region", [region] if region else None, Region.values)
    cohort_obj = None
    if cohort:
        try:
            cohort_obj = Cohort.objects.get(slug=cohort)
        except Cohort.DoesNotExist:
            raise UnknownCode("cohort", cohort) from None

    queryset = observation_queryset(
        indicators=[indicator],
        year_from=year,
        year_to=year,
        periods=[period],
        reliabilities=reliabilities,
    )
    if kind:
        queryset = queryset.filter(zone__kind=kind)
    if region:
        queryset = queryset.filter(zone__region=region)
    if cohort_obj:
        queryset = queryset.filter(zone__cohorts=cohort_obj)
    frame = frame_from_queryset(queryset)
    averages = cohort_averages(indicator=indicator, year=year, period=period)

    n = len(frame)
    rows: list[RankedZone] = []
    if n:
        ascending = indicator_obj.direction == Direction.LOWER_IS_BETTER
        frame["rank"] = frame["value"].rank(method="min", ascending=ascending).astype(int)
        frame = frame.sort_values(["rank", "zone"])
        for record in frame.to_dict("records"):
            rank = int(record["rank"])
            rows.append(
                RankedZone(
                    zone=record["zone"],
                    name_zh=record["zone_name_zh"],
                    name_en=record["zone_name_en"],
                    value=float(record["value"]),
                    as_reported=record["as_reported"],
                    qualifier=record["qualifier"],
                    status=record["status"],
                    source=record["source"],
                    reliability=record["reliability"],
                    rank=rank,
                    n=n,
                    percentile=round(100.0 * (n - rank) / (n - 1), 1) if n > 1 else 100.0,
                    cohort_ratios={
                        average.cohort: _ratio(float(record["value"]), average.value)
                        for average in averages
                    },
                )
            )
    return Ranking(
        indicator=_indicator_info(indicator_obj),
        year=year,
        period=period,
        peer_set=_peer_set(
            kind=kind, region=region, cohort=cohort_obj, reliabilities=reliabilities
        ),
        n=n,
        rows=rows,
        cohort_averages=averages,
    )


def most_recent_values(
    *,
    indicator: str,
    period: str = Period.FULL_YEAR,
    zones: list[str] | None = None,
    year_to: int | None = None,
    reliabilities: list[str] | None = None,
) -> list[RecentValue]:
    """Each zone's latest value of ``indicator`` in ``period`` (up to ``year_to``), with its year.

    Zones with no value in that period are absent. Ordered by zone slug. Unknown codes raise
    ``UnknownCode``.
    """
    clean_period(period)
    _get_indicator(indicator)
    if zones is not None:
        check_codes(zones=zones)
    queryset = latest_observations(
        indicators=[indicator],
        zones=zones,
        period=period,
        year_to=year_to,
        reliabilities=reliabilities,
    ).order_by("zone__slug")
    return [
        RecentValue(
            zone=row["zone"],
            name_zh=row["zone_name_zh"],
            name_en=row["zone_name_en"],
            indicator=row["indicator"],
            unit=row["unit"],
            year=int(row["year"]),
            period=row["period"],
            value=float(row["value"]),
            as_reported=row["as_reported"],
            qualifier=row["qualifier"],
            status=row["status"],
            source=row["source"],
            reliability=row["reliability"],
        )
        for row in frame_from_queryset(queryset).to_dict("records")
    ]


def compare(
    *,
    zones: list[str],
    indicators: list[str],
    year_from: int | None = None,
    year_to: int | None = None,
    period: str = Period.FULL_YEAR,
) -> pd.DataFrame:
    """The tidy (long) frame of ``zones`` x ``indicators`` x years in one ``period``.

    Columns are ``selectors.FRAME_COLUMNS``; one row per observation that exists (missing
    values are absent). Empty ``zones`` or ``indicators`` raise ``BadParameter``, unknown codes
    ``UnknownCode``.
    """
    if not zones:
        raise BadParameter("zones", zones, "至少需要一个园区 / at least one zone is required")
    if not indicators:
        raise BadParameter(
            "indicators", indicators, "至少需要一个指标 / at least one indicator is required"
        )
    clean_period(period)
    return observation_frame(
        zones=zones,
        indicators=indicators,
        year_from=year_from,
        year_to=year_to,
        periods=[period],
    )


WIDE_INDEX = ["zone", "zone_name_zh", "zone_name_en", "year", "period"]
PROVENANCE = ["as_reported", "qualifier", "source", "reliability"]


def to_wide(frame: pd.DataFrame, *, provenance: bool = False) -> pd.DataFrame:
    """One row per (zone, year, period), one column per indicator code holding the value.

    With ``provenance`` each indicator also gets ``<code>__as_reported``, ``<code>__qualifier``,
    ``<code>__source`` and ``<code>__reliability`` columns. A cell with no observation is
    NaN/None, never 0. Rows are sorted by zone and year; indicator columns keep the order in
    which the indicators first appear in ``frame``.
    """
    codes = list(dict.fromkeys(frame["indicator"])) if len(frame) else []
    value_columns = ["value", *PROVENANCE] if provenance else ["value"]
    if frame.empty:
        columns = list(WIDE_INDEX)
        return pd.DataFrame(columns=columns)
    pivot = frame.pivot_table(
        index=WIDE_INDEX, columns="indicator", values=value_columns, aggfunc="first"
    )
    out = pd.DataFrame(index=pivot.index)
    for code in codes:
        out[code] = pivot[("value", code)] if ("value", code) in pivot.columns else None
        if provenance:
            for name in PROVENANCE:
                column = (name, code)
                out[f"{code}__{name}"] = pivot[column] if column in pivot.columns else None
    out = out.reset_index().sort_values(["zone", "year"], kind="stable")
    out = out.astype(object).where(out.notna(), None)
    return out.reset_index(drop=True)


def frame_records(frame: pd.DataFrame) -> list[dict]:
    """The rows of ``frame`` as dicts of plain Python values (NaN becomes None)."""
    if frame.empty:
        return []
    clean = frame.astype(object).where(frame.notna(), None)
    return [
        {key: value.item() if hasattr(value, "item") else value for key, value in row.items()}
        for row in clean.to_dict("records")
    ]


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
    neutral indicators or equal values). Rows follow the indicator catalogue order.
    """
    clean_period(period)
    if year is not None:
        clean_year_range(year, None)
    try:
        zone_obj = Zone.objects.get(slug=zone)
    except Zone.DoesNotExist:
        raise UnknownCode("zone", zone) from None
    try:
        cohort_obj = Cohort.objects.get(slug=cohort)
    except Cohort.DoesNotExist:
        raise UnknownCode("cohort", cohort) from None

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
        if indicator.direction == Direction.NEUTRAL or gap == 0:
            ahead = None
        elif indicator.direction == Direction.LOWER_IS_BETTER:
            ahead = gap < 0
        else:
            ahead = gap > 0
        rows.append(
            BenchmarkRow(
                indicator=indicator.code,
                name_zh=indicator.name_zh,
                name_en=indicator.name_en,
                unit=indicator.unit,
                direction=indicator.direction,
                year=int(record["year"]),
                period=period,
                zone_value=zone_value,
                zone_as_reported=record["as_reported"],
                zone_qualifier=record["qualifier"],
                zone_source=record["source"],
                zone_reliability=record["reliability"],
                cohort_value=cohort_value,
                cohort_as_reported=stat.as_reported,
                cohort_qualifier=stat.qualifier,
                cohort_source=stat.source.key,
                cohort_reliability=stat.source.reliability,
                ratio=_ratio(zone_value, cohort_value),
                gap=round(gap, RATIO_DIGITS),
                ahead=ahead,
            )
        )
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


__all__ += ["FRAME_COLUMNS", "cohort_averages", "frame_records"]


# Tables and radar scores of the compare page.


def compare_table(
    *,
    zones: list[str],
    indicators: list[str],
    year_from: int | None = None,
    year_to: int | None = None,
    period: str = Period.FULL_YEAR,
) -> list[dict]:
    """``compare(...)`` as records ordered by indicator (in the asked order), zone, year."""
    frame = compare(
        zones=zones, indicators=indicators, year_from=year_from, year_to=year_to, period=period
    )
    position = {code: index for index, code in enumerate(indicators)}
    zone_position = {slug: index for index, slug in enumerate(zones)}
    records = frame.astype(object).where(frame.notna(), None).to_dict("records")
    return sorted(
        records,
        key=lambda r: (position[r["indicator"]], zone_position[r["zone"]], r["year"]),
    )


def radar_scores(
    *,
    zones: list[str],
    indicators: list[str],
    year_from: int | None = None,
    year_to: int | None = None,
    period: str = Period.FULL_YEAR,
) -> list[dict]:
    """Each zone's latest value of each indicator in the range, scaled 0-1 among the zones.

    Per indicator: score = (value - lowest) / (highest - lowest) over the chosen zones' latest
    values, reversed for a lower-is-better indicator (1 is always the best of the selection);
    1.0 when all values are equal. A zone without a value of an indicator gets no record (never
    a zero score). Records: zone, indicator, year, period, value, score, source.
    """
    frame = compare(
        zones=zones, indicators=indicators, year_from=year_from, year_to=year_to, period=period
    )
    if frame.empty:
        return []
    latest = frame.sort_values("year").groupby(["zone", "indicator"]).tail(1)
    directions = dict(
        Indicator.objects.filter(code__in=indicators).values_list("code", "direction")
    )
    scores = []
    for code in indicators:
        rows = latest[latest["indicator"] == code]
        if rows.empty:
            continue
        low, high = float(rows["value"].min()), float(rows["value"].max())
        for record in rows.to_dict("records"):
            value = float(record["value"])
            score = 1.0 if high == low else (value - low) / (high - low)
            if directions.get(code) == Direction.LOWER_IS_BETTER and high != low:
                score = 1.0 - score
            scores.append(
                {
                    "zone": record["zone"],
                    "indicator": code,
                    "year": int(record["year"]),
                    "period": record["period"],
                    "value": value,
                    "score": round(score, RATIO_DIGITS),
                    "source": record["source"],
                }
            )
    zone_position = {slug: index for index, slug in enumerate(zones)}
    return sorted(
        scores, key=lambda s: (zone_position[s["zone"]], indicators.index(s["indicator"]))
    )


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


def zone_standings(*, zone: str, selections: list[tuple[str, int, str]]) -> list[ZoneStanding]:
    """The zone's rank among all zones for each ``(indicator code, year, period)`` asked.

    Each result equals what ``zone_ranking(indicator=, year=, period=)`` (no peer filters) says
    about ``zone``: same rank ("min" ties, direction-aware), n, percentile, cohort means and
    ratios. A selection where the zone has no value (or an unknown code) is left out. Three
    queries in all, however many selections: this is what a zone profile shows for its every
    latest figure. The other zones' values never leave the database: ``n`` and the number of
    better values are counted in SQL, one index range each (the ``obs_ranking`` index).
    """
    from django.db.models import (  # (kept local: this block was appended by the dashboards)
        Case,
        Func,
        IntegerField,
        OuterRef,
        Q,
        Subquery,
        When,
    )

    from indicators.models import Observation

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

    def count(extra: dict) -> Subquery:
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
                percentile=round(100.0 * (n - rank) / (n - 1), 1) if n > 1 else 100.0,
                cohort_averages=reported,
                cohort_ratios={a.cohort: _ratio(value, a.value) for a in reported},
            )
        )
    return standings


def zone_series(
    *,
    zone: str,
    indicators: list[str],
    periods: list[str] | None = None,
    reliabilities: list[str] | None = None,
) -> list[dict]:
    """One zone's figures of ``indicators`` over the years, as records (``FRAME_COLUMNS``).

    ``periods`` defaults to the full year only: a part-year figure joins a series only when
    asked for, and then each period is its own series, never joined to the full-year one.
    ``reliabilities`` (None = any) keeps only figures from sources of those reliabilities,
    e.g. ``["official"]``. Records are ordered by indicator (in the asked order), period (full
    year first, then longer stretches first) and year. One query.
    """
    frame = observation_frame(
        zones=[zone],
        indicators=indicators,
        periods=periods if periods is not None else [Period.FULL_YEAR],
        reliabilities=reliabilities,
    )
    position = {code: index for index, code in enumerate(indicators)}
    months = {period: -PERIOD_MONTHS[period] for period in Period.values}
    records = frame.astype(object).where(frame.notna(), None).to_dict("records")
    return sorted(records, key=lambda r: (position[r["indicator"]], months[r["period"]], r["year"]))
