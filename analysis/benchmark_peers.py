"""Benchmark against an ad-hoc peer set: one zone against the median of zones a planner chose
(``?peers=``, as the peers page links to), indicator by indicator.

No source reports a statistic for an ad-hoc set, so the reference is computed: the peers'
median and quartiles in the same year and period as the zone's figure, with n, and only when
at least ``MIN_MEMBERS`` peers have a figure (``analysis.distribution.quartiles``); a thinner
row is "not enough data" and has no ratio. The zone itself is never counted among its peers.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from analysis.base import RATIO_DIGITS, ratio
from analysis.benchmark import ZoneFigureRow, ahead_of, zone_benchmark, zone_figure
from analysis.distribution import quartiles
from common.codes import MAX_CODES
from common.errors import BadParameter, UnknownCode
from indicators.models import Indicator, Period
from indicators.selectors import (
    clean_period,
    clean_year_range,
    frame_from_queryset,
    observation_queryset,
)
from zones.models import Zone


@dataclass
class PeerBenchmarkRow(ZoneFigureRow):
    peers_n: int  # peers with a figure in this year and period
    peers_q1: float | None
    peers_median: float | None  # computed from peers_n peers, never reported
    peers_q3: float | None
    ratio: float | None  # zone / peers' median
    gap: float | None
    ahead: bool | None


@dataclass
class PeerBenchmark:
    zone: str
    zone_name_zh: str
    zone_name_en: str
    peers: list[str]  # without the zone itself
    year: int | None
    period: str
    rows: list[PeerBenchmarkRow]


def _zone_and_peers(zone: str, peers: list[str]) -> tuple[Zone, list[str]]:
    """The zone and ``peers`` without duplicates or the zone; at most ``MAX_CODES`` peers,
    each existing (``BadParameter``/``UnknownCode`` naming ``zone`` or ``peers``). One
    query."""
    if len(peers) > MAX_CODES:
        raise BadParameter("peers", peers, f"最多 {MAX_CODES} 个 / at most {MAX_CODES} zones")
    found = Zone.objects.in_bulk([zone, *peers], field_name="slug")
    if zone not in found:
        raise UnknownCode("zone", zone)
    missing = sorted(set(peers) - set(found))
    if missing:
        raise UnknownCode("peers", missing)
    return found[zone], [slug for slug in dict.fromkeys(peers) if slug != zone]


def peer_benchmark(
    *, zone: str, peers: list[str], year: int | None = None, period: str = Period.FULL_YEAR
) -> PeerBenchmark:
    """``zone`` against the median of ``peers``, one row per indicator the zone has a figure
    of in ``period``: in ``year`` when given, else in the latest year the zone and at least
    one peer share (else the zone's latest). Catalogue order. Three queries."""
    clean_period(period)
    if year is not None:
        clean_year_range(year, None)
    zone_obj, others = _zone_and_peers(zone, peers)
    frame = frame_from_queryset(
        observation_queryset(
            zones=[zone, *others], year_from=year, year_to=year, periods=[period]
        ).order_by("indicator__code", "year")
    )
    mine = frame[frame["zone"] == zone]
    theirs = frame[frame["zone"] != zone]
    shared = set(zip(theirs["indicator"], theirs["year"], strict=True))
    chosen: dict[str, dict[str, Any]] = {}
    for record in mine.to_dict("records"):  # years ascending: a later shared year wins
        code = record["indicator"]
        earlier = chosen.get(code)
        if (
            earlier is None
            or (code, record["year"]) in shared
            or (code, earlier["year"]) not in shared
        ):
            chosen[code] = record
    catalogue = Indicator.objects.filter(code__in=list(chosen)).order_by("sort_order", "code")
    rows = []
    for indicator in catalogue:
        record = chosen[indicator.code]
        values = theirs.loc[
            (theirs["indicator"] == indicator.code) & (theirs["year"] == record["year"]), "value"
        ].tolist()
        found = quartiles(values)
        zone_value = float(record["value"])
        median = found[1] if found else None
        gap = None if median is None else round(zone_value - median, RATIO_DIGITS)
        rows.append(
            PeerBenchmarkRow(
                **zone_figure(indicator, record, period=period),
                peers_n=len(values),
                peers_q1=found[0] if found else None,
                peers_median=median,
                peers_q3=found[2] if found else None,
                ratio=None if median is None else ratio(zone_value, median),
                gap=gap,
                ahead=None if gap is None else ahead_of(indicator.direction, gap),
            )
        )
    return PeerBenchmark(
        zone=zone_obj.slug,
        zone_name_zh=zone_obj.name_zh,
        zone_name_en=zone_obj.name_en,
        peers=others,
        year=year,
        period=period,
        rows=rows,
    )


def benchmark_result(
    *,
    zone: str,
    cohort: str | None = None,
    peers: list[str] | None = None,
    year: int | None = None,
    period: str = Period.FULL_YEAR,
) -> dict[str, Any]:
    """The benchmark API's answer as plain data: ``rows`` against ``cohort``'s reported means
    (``zone_benchmark``), ``peer_rows`` against ``peers``' computed median
    (``peer_benchmark``). At least one of ``cohort`` and ``peers`` (else ``BadParameter``
    naming ``cohort``)."""
    if not cohort and not peers:
        raise BadParameter("cohort", "", "需要对标组或自选同类园区 / give a cohort or peers")
    peer = peer_benchmark(zone=zone, peers=peers, year=year, period=period) if peers else None
    if cohort:
        data = asdict(zone_benchmark(zone=zone, cohort=cohort, year=year, period=period))
    else:
        assert peer is not None
        data = {
            "zone": peer.zone,
            "zone_name_zh": peer.zone_name_zh,
            "zone_name_en": peer.zone_name_en,
            "cohort": None,
            "cohort_name_zh": None,
            "cohort_name_en": None,
            "year": year,
            "period": period,
            "rows": [],
        }
    data["peers"] = peer.peers if peer else None
    data["peer_rows"] = [asdict(row) for row in peer.rows] if peer else []
    return data
