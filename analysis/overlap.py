"""Industry overlap (同质化): which zones of a group name the same lead industries, which
industries are most crowded, and how alike their three-sector structures are.

- Jaccard overlap of two zones' lead industries: |A ∩ B| / |A ∪ B|, 0 (nothing shared) to 1
  (the same list). A zone naming no industry is left out, not counted as sharing nothing.
- The structure similarity coefficient of two sector-share vectors x and y (primary,
  secondary, tertiary): S = Σ xₖyₖ / √(Σ xₖ² · Σ yₖ²), 1 for the same structure. Each zone's
  shares are its latest full-year ones, all three from the same year; the year is shown.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import combinations

from django.db.models import Case, Count, FloatField, Max, QuerySet, Subquery, When
from django.db.models.functions import Cast

from analysis.base import collection_paused
from analysis.rows import InSubquery, fetch_rows
from common.cache import per_generation
from common.filters import filter_queryset
from indicators.models import Indicator, Observation, Period
from zones.filters import ZoneFilterSet
from zones.models import Zone, ZoneIndustry

SECTOR_CODES = ("primary_share", "secondary_share", "tertiary_share")
# the pairwise tables are drawn for at most this many zones; past it, narrow the group
MAX_PAIRWISE = 60
SIMILARITY_DIGITS = 4
# the directory's filters that choose the group (region, city, cohort...)
GROUP_FILTERS = ("kind", "region", "province", "city", "development_model", "cohort")


def group_query(query: Mapping[str, str]) -> dict[str, str]:
    """The group-choosing parameters present in ``query``."""
    return {name: query[name] for name in GROUP_FILTERS if query.get(name)}


@dataclass
class ZoneIndustries:
    zone: str
    name_zh: str
    name_en: str
    industries: list[str]
    sources: list[str]


@dataclass
class CrowdedIndustry:
    industry: str
    name_zh: str
    name_en: str
    zones: int
    share: float  # of the zones that name any industry, 0..1
    members: list[str]


@dataclass
class SectorPair:
    zone_a: str
    zone_b: str
    year_a: int
    year_b: int
    similarity: float


@dataclass
class Overlap:
    zones: list[ZoneIndustries]
    without_industries: list[str]
    crowded: list[CrowdedIndustry]
    jaccard: list[list[float]] | None  # zones x zones, in the order of ``zones``
    sector_pairs: list[SectorPair] | None
    sector_zones: int
    max_pairwise: int = MAX_PAIRWISE


def jaccard(a: set[str], b: set[str]) -> float:
    """|a ∩ b| / |a ∪ b|; both must be non-empty."""
    return round(len(a & b) / len(a | b), SIMILARITY_DIGITS)


def structure_similarity(x: tuple[float, ...], y: tuple[float, ...]) -> float:
    """Σ xₖyₖ / √(Σ xₖ² · Σ yₖ²) of two share vectors of the same length."""
    numerator = sum(a * b for a, b in zip(x, y, strict=True))
    return round(
        numerator / math.sqrt(sum(a * a for a in x) * sum(b * b for b in y)), SIMILARITY_DIGITS
    )


@per_generation("group_overlap")
def group_overlap(*, query: dict[str, str]) -> Overlap:
    """``industry_overlap`` of the zones the directory's filters in ``query`` choose (see
    ``group_query``; a bad value raises ``BadParameter`` naming it), computed once per data
    generation and group: the page and the API both ask for it."""
    return industry_overlap(zones=filter_queryset(ZoneFilterSet, data=query))


def industry_overlap(*, zones: QuerySet[Zone]) -> Overlap:
    """Overlap of the lead industries and sector structures of ``zones`` (a filtered queryset,
    e.g. ``ZoneFilterSet(...).qs``). The pairwise tables (``jaccard``, ``sector_pairs``) are
    None when more than ``MAX_PAIRWISE`` zones would enter them. Three queries."""
    links = (
        ZoneIndustry.objects.filter(zone__in=zones.order_by().values("pk"))
        .select_related("zone", "industry", "source")
        .order_by("zone__slug", "industry__slug")
    )
    by_zone: dict[str, ZoneIndustries] = {}
    industries: dict[str, tuple[str, str]] = {}
    for link in links:
        item = by_zone.setdefault(
            link.zone.slug,
            ZoneIndustries(link.zone.slug, link.zone.name_zh, link.zone.name_en, [], []),
        )
        item.industries.append(link.industry.slug)
        if link.source.key not in item.sources:
            item.sources.append(link.source.key)
        industries[link.industry.slug] = (link.industry.name_zh, link.industry.name_en)
    named = list(by_zone.values())
    slugs = dict(zones.order_by("slug").values_list("pk", "slug"))
    without = [slug for slug in slugs.values() if slug not in by_zone]

    members: dict[str, list[str]] = {}
    for item in named:
        for industry in item.industries:
            members.setdefault(industry, []).append(item.zone)
    crowded = sorted(
        (
            CrowdedIndustry(
                industry=slug,
                name_zh=industries[slug][0],
                name_en=industries[slug][1],
                zones=len(found),
                share=round(len(found) / len(named), SIMILARITY_DIGITS),
                members=found,
            )
            for slug, found in members.items()
        ),
        key=lambda item: (-item.zones, item.industry),
    )
    matrix = None
    if len(named) <= MAX_PAIRWISE:
        sets = [set(item.industries) for item in named]
        matrix = [[jaccard(a, b) for b in sets] for a in sets]

    structures = _sector_structures(zones, slugs)
    pairs = None
    if len(structures) <= MAX_PAIRWISE:
        pairs = sorted(
            (
                SectorPair(
                    a,
                    b,
                    structures[a][0],
                    structures[b][0],
                    structure_similarity(structures[a][1], structures[b][1]),
                )
                for a, b in combinations(sorted(structures), 2)
            ),
            key=lambda pair: (-pair.similarity, pair.zone_a, pair.zone_b),
        )
    return Overlap(
        zones=named,
        without_industries=without,
        crowded=crowded,
        jaccard=matrix,
        sector_pairs=pairs,
        sector_zones=len(structures),
    )


@collection_paused()
def _sector_structures(
    zones: QuerySet[Zone], slugs: dict[int, str]
) -> dict[str, tuple[int, tuple[float, ...]]]:
    """Each zone's latest full-year year with all three sector shares, and those shares, by
    the zone's slug (``slugs``: the zones' ids and slugs). One query: the database gathers
    each zone's years with their three shares (a year lacking one is no structure) and the
    latest is kept here. It reads by zone (``InSubquery``: the group's zones listed first,
    then each zone's rows of the three indicators) and groups by zone id, joining nothing."""
    sector = Indicator.objects.filter(code__in=SECTOR_CODES)
    shares = {
        code: Max(
            Case(
                When(
                    indicator_id=Subquery(sector.filter(code=code).values("pk")),
                    then=Cast("value", FloatField()),
                )
            )
        )
        for code in SECTOR_CODES
    }
    rows = (
        Observation.objects.filter(
            InSubquery("zone_id", zones.order_by().values("pk")),
            indicator_id__in=sector.values("pk"),
            period=Period.FULL_YEAR,
        )
        .values("zone_id", "year")
        .annotate(count=Count("*"), **shares)
        .filter(count=len(SECTOR_CODES))
        .order_by()
    )
    latest: dict[str, tuple[int, tuple[float, ...]]] = {}
    for zone_id, year, *values in fetch_rows(rows.values_list("zone_id", "year", *SECTOR_CODES)):
        slug = slugs[zone_id]
        if slug not in latest or year > latest[slug][0]:
            latest[slug] = (int(year), tuple(values))
    return latest
