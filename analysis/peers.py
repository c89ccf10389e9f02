"""Zones like mine: the k nearest zones on standardised, size-free indicators.

A zone's peers are found in one year and one period. Each indicator is standardised over
every zone with a value that year (z = (x - mean) / standard deviation), so a growth rate and
an income weigh alike. The distance between two zones is the root mean square of their
z-differences over the indicators both have, so zones that share more or fewer indicators
stay comparable; a zone sharing fewer than ``min_overlap`` indicators with the target is not
called similar at all. Each peer carries, per shared indicator, both figures with their
provenance and the share of the squared distance that indicator contributes.

Missing is missing: an indicator one of the two zones lacks is left out of their distance,
never filled in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from django.db.models import FloatField, Q
from django.db.models.functions import Cast

from analysis.base import RATIO_DIGITS
from analysis.peer_table import window_values
from common.cache import per_generation
from common.errors import BadParameter, UnknownCode
from indicators.models import Indicator, Observation, Period, ValueType
from indicators.selectors import clean_period, clean_year_range
from zones.models import Zone

DEFAULT_K = 5
MAX_K = 50
DEFAULT_MIN_OVERLAP = 2
# the years a zone's figures may come from: its latest value in the last three years
DEFAULT_WINDOW = 3
MAX_WINDOW = 10
# Size-free amounts: money per head, not totals. Shares and growth rates are size-free by
# their value type; every other amount or count grows with the zone's size.
PER_HEAD_CODES = ("gdp_per_capita", "urban_income", "resident_income")


@dataclass
class PeerIndicator:
    code: str
    name_zh: str
    name_en: str
    unit: str
    mean: float
    std: float
    n: int


@dataclass
class Contribution:
    indicator: str
    zone_value: float
    zone_year: int
    zone_as_reported: str
    zone_qualifier: str
    zone_source: str
    peer_value: float
    peer_year: int
    peer_as_reported: str
    peer_qualifier: str
    peer_source: str
    z_difference: float
    share: float  # of the squared distance, 0..1


@dataclass
class Peer:
    zone: str
    name_zh: str
    name_en: str
    rank: int
    distance: float
    shared: int
    contributions: list[Contribution] = field(default_factory=list)


@dataclass
class Peers:
    zone: str
    zone_name_zh: str
    zone_name_en: str
    year: int | None
    period: str
    window: int
    k: int
    min_overlap: int
    indicators: list[PeerIndicator]
    zone_indicators: int  # how many of ``indicators`` the zone itself has
    candidates: int  # zones with any value that year
    too_little_overlap: int  # of which share fewer than ``min_overlap`` with the zone
    peers: list[Peer]

    @property
    def enough_data(self) -> bool:
        return self.zone_indicators >= self.min_overlap


def size_free_filter() -> Q:
    """The catalogue's size-free indicators: shares, growth rates and per-head amounts."""
    return Q(value_type__in=[ValueType.SHARE, ValueType.RATE]) | Q(code__in=PER_HEAD_CODES)


def _catalogue(indicators: list[str] | None) -> dict[int, Indicator]:
    """The indicators to compare on by id, in catalogue order: ``indicators`` (each must
    exist: ``UnknownCode``) or every size-free one. One query."""
    wanted = size_free_filter() if indicators is None else Q(code__in=indicators)
    found = {
        item.pk: item
        for item in Indicator.objects.filter(wanted)
        .order_by("sort_order", "code")
        .only("code", "name_zh", "name_en", "unit")
    }
    if indicators is not None:
        missing = sorted(set(indicators) - {item.code for item in found.values()})
        if missing:
            raise UnknownCode("indicator", missing)
    return found


def _latest_year(*, zone: Zone, ids: list[int], period: str) -> int | None:
    latest: int | None = (
        Observation.objects.filter(zone=zone, indicator_id__in=ids, period=period)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    return latest


@per_generation("zone_peers")
def zone_peers(
    *,
    zone: str,
    year: int | None = None,
    period: str = Period.FULL_YEAR,
    indicators: list[str] | None = None,
    k: int = DEFAULT_K,
    min_overlap: int = DEFAULT_MIN_OVERLAP,
    window: int = DEFAULT_WINDOW,
) -> Peers:
    """The ``k`` zones nearest to ``zone`` on ``indicators``, as of ``year``/``period``.

    Each zone's value of an indicator is its latest in ``period`` within the ``window`` years
    ending at ``year`` (each figure keeps its own year). ``indicators`` defaults to every
    size-free one (``size_free_filter``); ``year`` to the latest year in which the zone has
    any of them.
    Peers are ordered by distance (ties: the older zone record first). When the zone has
    fewer than ``min_overlap`` of the usable indicators, ``peers`` is empty and
    ``enough_data`` is False. Unknown codes raise ``UnknownCode``; ``k`` outside 1..MAX_K,
    ``min_overlap`` below 1 or ``window`` outside 1..MAX_WINDOW raise ``BadParameter``.
    At most five queries.
    """
    clean_period(period)
    if year is not None:
        clean_year_range(year, None)
    if not 1 <= k <= MAX_K:
        raise BadParameter("k", k, f"须在 1-{MAX_K} 之间 / must be 1 to {MAX_K}")
    if min_overlap < 1:
        raise BadParameter("min_overlap", min_overlap, "至少为 1 / must be at least 1")
    if not 1 <= window <= MAX_WINDOW:
        raise BadParameter(
            "window", window, f"须在 1-{MAX_WINDOW} 之间 / must be 1 to {MAX_WINDOW}"
        )
    try:
        zone_obj = Zone.objects.get(slug=zone)
    except Zone.DoesNotExist:
        raise UnknownCode("zone", zone) from None
    catalogue = _catalogue(indicators)
    ids = {pk: item.code for pk, item in catalogue.items()}
    codes = list(ids.values())
    if year is None:
        year = _latest_year(zone=zone_obj, ids=list(ids), period=period)

    result = Peers(
        zone=zone_obj.slug,
        zone_name_zh=zone_obj.name_zh,
        zone_name_en=zone_obj.name_en,
        year=year,
        period=period,
        window=window,
        k=k,
        min_overlap=min_overlap,
        indicators=[],
        zone_indicators=0,
        candidates=0,
        too_little_overlap=0,
        peers=[],
    )
    if year is None:
        return result
    table, years = window_values(ids=ids, year=year, window=window, period=period)
    if zone_obj.pk not in table.index:
        return result
    # the standardisation; an indicator with one value or no spread tells zones nothing apart
    mean, std, count = table.mean(), table.std(ddof=0), table.count()
    usable = [code for code in codes if code in table.columns and count[code] > 1 and std[code] > 0]
    z = (table[usable] - mean[usable]) / std[usable]
    target = z.loc[zone_obj.pk].dropna()
    result.indicators = _indicator_infos(usable, catalogue, mean, std, count)
    result.zone_indicators = len(target)
    others = z.drop(index=zone_obj.pk)
    result.candidates = len(others)
    if len(target) < min_overlap:
        return result

    differences = others[target.index].sub(target, axis=1)
    squared = differences.pow(2)
    shared = squared.notna().sum(axis=1)
    result.too_little_overlap = int((shared < min_overlap).sum())
    squared = squared[shared >= min_overlap]
    distance = (squared.sum(axis=1) / shared[squared.index]).pow(0.5)
    nearest = (
        pd.DataFrame({"distance": distance.to_numpy(), "zone": distance.index.to_numpy()})
        .sort_values(["distance", "zone"])
        .head(k)
    )
    result.peers = _peers_with_provenance(
        zone_id=zone_obj.pk,
        nearest=list(zip(nearest["zone"], nearest["distance"], strict=True)),
        differences=differences,
        years=years,
        ids=ids,
        year=year,
        window=window,
        period=period,
    )
    return result


def _indicator_infos(
    usable: list[str],
    catalogue: dict[int, Indicator],
    mean: pd.Series,
    std: pd.Series,
    count: pd.Series,
) -> list[PeerIndicator]:
    names = {item.code: item for item in catalogue.values()}
    return [
        PeerIndicator(
            code=code,
            name_zh=names[code].name_zh,
            name_en=names[code].name_en,
            unit=names[code].unit,
            mean=round(float(mean[code]), RATIO_DIGITS),
            std=round(float(std[code]), RATIO_DIGITS),
            n=int(count[code]),
        )
        for code in usable
    ]


def _peers_with_provenance(
    *,
    zone_id: int,
    nearest: list[tuple[int, float]],
    differences: pd.DataFrame,
    years: pd.DataFrame,
    ids: dict[int, str],
    year: int,
    window: int,
    period: str,
) -> list[Peer]:
    """The nearest zones, each with both zones' figures of their shared indicators and the
    sources of those figures. One query: the window's figures of these few zones (an index
    range per zone), of which the ones in the table are kept."""
    zone_ids = [zone_id, *(pk for pk, _distance in nearest)]
    wanted = {
        (pk, str(code), int(found))
        for pk in zone_ids
        for code, found in years.loc[pk, list(differences.columns)].dropna().items()
    }
    figures: dict[tuple[int, str], tuple[Any, ...]] = {}
    for row in (
        Observation.objects.filter(
            zone_id__in=zone_ids,
            indicator_id__in=[pk for pk, code in ids.items() if code in differences.columns],
            period=period,
            year__gte=year - window + 1,
            year__lte=year,
        )
        .order_by()
        .values_list(*PROVENANCE_LOOKUPS)
    ):
        if (row[0], row[1], row[2]) in wanted:
            figures[(row[0], row[1])] = row
    peers = []
    for rank, (pk, distance) in enumerate(nearest, start=1):
        row = differences.loc[pk].dropna()
        total = float(row.pow(2).sum())
        contributions = []
        for code, difference in row.items():
            mine, theirs = figures[(zone_id, str(code))], figures[(pk, str(code))]
            contributions.append(
                Contribution(
                    indicator=str(code),
                    zone_value=mine[3],
                    zone_year=mine[2],
                    zone_as_reported=mine[4],
                    zone_qualifier=mine[5],
                    zone_source=mine[6],
                    peer_value=theirs[3],
                    peer_year=theirs[2],
                    peer_as_reported=theirs[4],
                    peer_qualifier=theirs[5],
                    peer_source=theirs[6],
                    z_difference=round(float(difference), RATIO_DIGITS),
                    share=round(float(difference) ** 2 / total, RATIO_DIGITS) if total else 0.0,
                )
            )
        contributions.sort(key=lambda item: (-item.share, item.indicator))
        _pk, _code, _year, _value, _reported, _qualifier, _source, slug, name_zh, name_en = figures[
            (pk, contributions[0].indicator)
        ]
        peers.append(
            Peer(
                zone=slug,
                name_zh=name_zh,
                name_en=name_en,
                rank=rank,
                distance=round(float(distance), RATIO_DIGITS),
                shared=len(row),
                contributions=contributions,
            )
        )
    return peers


# a figure with what a contribution shows of it (the value as a float from the database)
PROVENANCE_LOOKUPS = (
    "zone_id",
    "indicator__code",
    "year",
    Cast("value", FloatField()),
    "as_reported",
    "qualifier",
    "source__key",
    "zone__slug",
    "zone__name_zh",
    "zone__name_en",
)
