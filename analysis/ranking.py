"""Rankings: every zone of a peer set ranked on one indicator, year and period."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd
from django.db.models import QuerySet

from analysis.base import (
    CohortAverage,
    IndicatorInfo,
    cohort_averages,
    get_cohort,
    get_indicator,
    indicator_info,
    label_parts,
    percentile,
    ratio,
    zone_figure,
)
from analysis.distribution import CohortDistribution, cohort_distributions
from analysis.normalise import DIVIDED_FIELDS, PerUnit, divide_frame, per_unit
from common.cache import per_generation
from common.codes import MAX_CODES, clean_choices
from common.errors import BadParameter
from indicators.models import Direction, Observation, Period
from indicators.selectors import (
    check_codes,
    clean_period,
    clean_year_range,
    frame_from_queryset,
    observation_queryset,
    open_finding_slots,
)
from zones.models import Cohort, Region, ZoneKind


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
    # with ``per``: the value is computed (figure ÷ denominator); both inputs' provenance
    computed: bool = False
    absolute_value: float | None = None
    denominator_indicator: str | None = None
    denominator_value: float | None = None
    denominator_year: int | None = None
    denominator_as_reported: str | None = None
    denominator_source: str | None = None
    denominator_reliability: str | None = None
    open_check: bool = False  # a consistency finding about the figure is open (/quality/)


@dataclass
class UnrankedZone:
    """A zone of the peer set with a figure but without the ``per`` denominator: no data."""

    zone: str
    name_zh: str
    name_en: str
    absolute_value: float
    source: str
    reason_zh: str
    reason_en: str


@dataclass
class Ranking:
    indicator: IndicatorInfo
    year: int
    period: str
    peer_set: dict[str, Any]
    n: int
    rows: list[RankedZone]
    cohort_averages: list[CohortAverage]
    # every cohort's known members with a figure: quartiles computed, not reported
    cohort_distributions: list[CohortDistribution] = field(default_factory=list)
    per: PerUnit | None = None
    not_ranked: list[UnrankedZone] = field(default_factory=list)


def peer_set(
    *,
    kind: str | None,
    region: str | None,
    cohort: Cohort | None,
    reliabilities: list[str] | None,
    peers: list[str] | None = None,
) -> dict[str, Any]:
    parts_zh, parts_en = [], []
    if peers:
        parts_zh.append(f"自选同类园区（{len(peers)} 个）")
        parts_en.append(f"ad-hoc peer set ({len(peers)} zones)")
    if kind:
        zh, en = label_parts(ZoneKind(kind).label)
        parts_zh.append(zh)
        parts_en.append(en)
    if region:
        zh, en = label_parts(Region(region).label)
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
        "peers": list(peers) if peers else None,
        "label_zh": "，".join(parts_zh) if parts_zh else "全部园区",
        "label_en": "; ".join(parts_en) if parts_en else "all zones",
    }


def _in_peer_set(
    queryset: QuerySet[Observation],
    *,
    kind: str | None,
    region: str | None,
    cohort: str | None,
    peers: list[str] | None = None,
) -> QuerySet[Observation]:
    """``queryset`` narrowed to the peer set: zones of ``kind``, in ``region``, members of
    ``cohort``, among ``peers`` (each ``None`` for no narrowing)."""
    if peers:
        queryset = queryset.filter(zone__slug__in=peers)
    if kind:
        queryset = queryset.filter(zone__kind=kind)
    if region:
        queryset = queryset.filter(zone__region=region)
    if cohort:
        queryset = queryset.filter(zone__cohorts__slug=cohort)
    return queryset


@per_generation("ranking_years")
def ranking_years(
    *,
    indicator: str,
    period: str = Period.FULL_YEAR,
    kind: str | None = None,
    region: str | None = None,
    cohort: str | None = None,
    peers: list[str] | None = None,
    zone: str | None = None,
) -> list[int]:
    """The years, newest first, in which ``zone_ranking`` with the same peer set would rank
    at least one zone (with ``zone``: in which that zone has a value). One query; codes are
    not looked up here (``zone_ranking`` does)."""
    queryset = observation_queryset(indicators=[indicator], periods=[period])
    if zone:
        queryset = queryset.filter(zone__slug=zone)
    queryset = _in_peer_set(queryset, kind=kind, region=region, cohort=cohort, peers=peers)
    return list(queryset.order_by("-year").values_list("year", flat=True).distinct())


@per_generation("zone_ranking")
def zone_ranking(
    *,
    indicator: str,
    year: int,
    period: str = Period.FULL_YEAR,
    kind: str | None = None,
    region: str | None = None,
    cohort: str | None = None,
    reliabilities: list[str] | None = None,
    peers: list[str] | None = None,
    per: str | None = None,
) -> Ranking:
    """Every zone of the peer set with a value of ``indicator`` in ``year``/``period``, ranked.

    The peer set is all zones, narrowed by ``kind``, ``region``, membership of ``cohort`` and
    the ``reliabilities`` of the sources, and to the zones of ``peers`` (an ad-hoc peer set,
    such as the one the peers page links to: at most ``MAX_CODES`` slugs, each of which must
    exist). Rank 1 is the best: highest value first, lowest first
    for a lower-is-better indicator (neutral ones rank by value, highest first). Ties share the
    best rank ("min" method). ``percentile`` = 100 * (n - rank) / (n - 1) (100 for the top, 0
    for the bottom, 100 when n is 1). ``cohort_ratios`` gives the zone's value divided by each
    cohort mean reported for the same indicator, year and period (None when that mean is 0).
    ``cohort_distributions``: each cohort's members' quartiles, computed, with n.
    Rows are ordered by rank, then zone slug. Unknown codes raise ``UnknownCode``.

    With ``per`` (``analysis.normalise``) each value is divided by the zone's denominator and
    ranked as such (``computed``, with the denominator's figure and source); the indicator's
    unit is the divided one; zones without the denominator are ``not_ranked``, with the
    reason; cohort means (absolute figures) are left out. One more query.
    """
    clean_period(period)
    clean_year_range(year, None)
    indicator_obj = get_indicator(indicator)
    unit = per_unit(indicator_obj, per) if per else None
    clean_choices("kind", [kind] if kind else None, ZoneKind.values)
    clean_choices("region", [region] if region else None, Region.values)
    cohort_obj = get_cohort(cohort)

    queryset = observation_queryset(
        indicators=[indicator],
        year_from=year,
        year_to=year,
        periods=[period],
        reliabilities=reliabilities,
    )
    if peers:
        if len(peers) > MAX_CODES:
            raise BadParameter("peers", peers, f"最多 {MAX_CODES} 个 / at most {MAX_CODES} zones")
        check_codes(zones=peers)
    queryset = _in_peer_set(queryset, kind=kind, region=region, cohort=cohort, peers=peers)
    frame = frame_from_queryset(queryset)
    not_ranked: list[UnrankedZone] = []
    if unit is None:
        averages = cohort_averages(indicator=indicator, year=year, period=period)
    else:
        averages = []
        frame, not_ranked = _divide(frame, unit=unit, indicator=indicator, period=period)

    n = len(frame)
    rows: list[RankedZone] = []
    checks = open_finding_slots(
        indicators=[indicator], year_from=year, year_to=year, periods=[period]
    )
    if n:
        ascending = indicator_obj.direction == Direction.LOWER_IS_BETTER
        frame["rank"] = frame["value"].rank(method="min", ascending=ascending).astype(int)
        frame = frame.sort_values(["rank", "zone"])
        for record in frame.to_dict("records"):
            rank = int(record["rank"])
            rows.append(
                RankedZone(
                    **zone_figure(record),
                    rank=rank,
                    n=n,
                    percentile=percentile(rank=rank, n=n),
                    cohort_ratios={
                        average.cohort: ratio(float(record["value"]), average.value)
                        for average in averages
                    },
                    **{name: record[name] for name in DIVIDED_FIELDS if name in record},
                    open_check=(record["zone"], indicator, year, period) in checks,
                )
            )
    info = indicator_info(indicator_obj)
    if unit is not None:
        info = replace(info, unit=unit.unit)
    return Ranking(
        indicator=info,
        year=year,
        period=period,
        peer_set=peer_set(
            kind=kind,
            region=region,
            cohort=cohort_obj,
            reliabilities=reliabilities,
            peers=peers,
        ),
        n=n,
        rows=rows,
        cohort_averages=averages,
        # the members' quartiles are of absolute figures: none beside a divided ranking
        cohort_distributions=(
            cohort_distributions(slots=[(indicator, year)], period=period) if unit is None else []
        ),
        per=unit,
        not_ranked=not_ranked,
    )


UNRANKED_FIELDS = ("zone", "absolute_value", "source", "reason_zh", "reason_en")


def _divide(
    frame: pd.DataFrame, *, unit: PerUnit, indicator: str, period: str
) -> tuple[pd.DataFrame, list[UnrankedZone]]:
    """``frame``'s values divided by their zones' denominators, and the zones without one."""
    kept, missing = divide_frame(frame, units={indicator: unit}, period=period)
    not_ranked = [
        UnrankedZone(
            name_zh=row["zone_name_zh"],
            name_en=row["zone_name_en"],
            **{name: row[name] for name in UNRANKED_FIELDS},
        )
        for row in sorted(missing, key=lambda row: row["zone"])
    ]
    return kept, not_ranked
