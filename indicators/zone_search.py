"""The zone picker's reads: zones found by name, alias, city or pinyin, and the zones already
chosen, each with how many of the chosen indicators it has values for.

``zone_search`` is what ``/api/v1/zones/search/`` answers and what the compare, rankings and
benchmark pages list under their search field when the reader has no JavaScript: one query
(two with indicators), whatever the number of zones.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, Least, Length

from common.errors import BadParameter, UnknownCode
from indicators.models import Indicator, Observation, Period
from zones.models import Region, Zone, ZoneAlias, ZoneKind
from zones.pinyin import pinyin_query

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
MAX_QUERY_LENGTH = 50

# How well a zone matches, best first: the whole of a name, alias, slug or pinyin (0), the
# start of one (1), anywhere in it, or the zone's city (2).
EXACT, PREFIX, CONTAINS, NO_MATCH = 0, 1, 2, 3


@dataclass(frozen=True)
class ZoneMatch:
    slug: str
    name_zh: str
    name_en: str
    kind: str
    region: str
    city: str
    relevance: int | None  # None for a chosen zone listed without a search
    matched: str  # what matched: name, alias, pinyin, city ("" for a chosen zone)
    alias: str  # the alias that matched, if one did
    indicators_with_data: int | None  # of the chosen indicators; None when none were chosen

    @property
    def has_data(self) -> bool | None:
        """Whether the zone has a value of at least one chosen indicator in the period."""
        if self.indicators_with_data is None:
            return None
        return self.indicators_with_data > 0


@dataclass
class ZoneGroup:
    kind: str
    region: str
    kind_label: str
    region_label: str
    zones: list[ZoneMatch] = field(default_factory=list)


@dataclass
class ZoneSearch:
    query: str
    indicators: list[str]
    period: str
    limit: int
    count: int  # every zone that matches; at most ``limit`` are listed
    groups: list[ZoneGroup]

    @property
    def zones(self) -> list[ZoneMatch]:
        return [zone for group in self.groups for zone in group.zones]


def _indicator_ids(codes: list[str]) -> list[int]:
    """The ids of ``codes`` (one query); ``UnknownCode`` naming ``indicator`` if any is not in
    the catalogue."""
    found = dict(Indicator.objects.filter(code__in=codes).values_list("code", "pk"))
    missing = sorted(set(codes) - set(found))
    if missing:
        raise UnknownCode("indicator", missing)
    return list(found.values())


def _with_data(zones: QuerySet[Zone], indicator_ids: list[int] | None, period: str):
    """``zones`` annotated with ``n_with_data``: how many of the indicators have a value in
    ``period`` (probing the observations' (zone, indicator, period, year) index per zone)."""
    if indicator_ids is None:
        return zones.annotate(n_with_data=Value(None, output_field=IntegerField()))
    counted = (
        Observation.objects.filter(zone=OuterRef("pk"), indicator_id__in=indicator_ids)
        .filter(period=period)
        .order_by()
        .values("zone")
        .annotate(n=Count("indicator_id", distinct=True))
        .values("n")
    )
    return zones.annotate(n_with_data=Coalesce(Subquery(counted), 0))


def _level(text: str, values: tuple[str, ...]) -> int:
    """How well ``text`` matches the best of ``values``, as the SQL ranks it."""
    folded = text.casefold()
    levels = [NO_MATCH]
    for value in (v.casefold() for v in values):
        if value == folded:
            levels.append(EXACT)
        elif value.startswith(folded):
            levels.append(PREFIX)
        elif folded in value:
            levels.append(CONTAINS)
    return min(levels)


def _match(zone: Zone, text: str, pinyin: str) -> str:
    """What gave the zone its relevance, for the reader: its name, an alias, the pinyin of
    its name, or (else) its city."""
    relevance = getattr(zone, "relevance", None)  # annotated by zone_search
    if _level(text, (zone.name_zh, zone.name_en, zone.slug)) == relevance:
        return "name"
    if getattr(zone, "alias_rank", None) == relevance:
        return "alias"
    if pinyin and f" {pinyin}" in zone.name_pinyin:
        return "pinyin"
    return "city"


def _matching(text: str, pinyin: str) -> tuple[QuerySet[Zone], Least]:
    """The zones ``text`` (and its ``pinyin``) matches, with their best matching alias
    (``alias_rank``, ``alias_text``), and the expression ranking each one's best match
    (``EXACT``...``CONTAINS``).

    The filter is plain LIKEs and one semi-join over the aliases (the alias table read once);
    the ranking CASE is computed only for the zones it lets through."""
    names = ("name_zh", "name_en", "slug")
    aliases = (
        ZoneAlias.objects.filter(zone=OuterRef("pk"), alias__icontains=text)
        .annotate(
            rank=Case(
                When(alias__iexact=text, then=Value(EXACT)),
                When(alias__istartswith=text, then=Value(PREFIX)),
                default=Value(CONTAINS),
            )
        )
        .order_by("rank", Length("alias"), "alias")
    )
    levels = {
        EXACT: [Q(**{f"{name}__iexact": text}) for name in names],
        PREFIX: [Q(**{f"{name}__istartswith": text}) for name in names],
        CONTAINS: [Q(**{f"{name}__icontains": text}) for name in names] + [Q(city__icontains=text)],
    }
    if pinyin:
        levels[EXACT].append(Q(name_pinyin__contains=f" {pinyin} "))
        levels[PREFIX].append(Q(name_pinyin__contains=f" {pinyin}"))
        levels[CONTAINS].append(Q(city_pinyin__contains=f" {pinyin}"))
    whens = []
    for level, conditions in levels.items():
        matched = Q()
        for condition in conditions:
            matched |= condition
        whens.append(When(matched, then=Value(level)))
    # whatever matches at any level also matches "anywhere" (or the name pinyin's prefix)
    anywhere = Q(pk__in=ZoneAlias.objects.filter(alias__icontains=text).values("zone_id"))
    for condition in levels[CONTAINS] + levels[PREFIX][len(names) :]:
        anywhere |= condition
    zones = Zone.objects.filter(anywhere).annotate(
        alias_rank=Subquery(aliases.values("rank")[:1]),
        alias_text=Subquery(aliases.values("alias")[:1]),
    )
    # the alias's rank joins the others once (LEAST), not once per level: Django writes an
    # annotation's subquery out again wherever the annotation is used
    relevance = Least(
        Case(*whens, default=Value(NO_MATCH), output_field=IntegerField()),
        Coalesce(F("alias_rank"), Value(NO_MATCH)),
    )
    return zones, relevance


def _labels(choices, value: str) -> str:
    return str(dict(choices).get(value, value))


def _as_match(zone: Zone, *, relevance: int | None, matched: str) -> ZoneMatch:
    alias = getattr(zone, "alias_text", None) if matched == "alias" else None
    return ZoneMatch(
        slug=zone.slug,
        name_zh=zone.name_zh,
        name_en=zone.name_en,
        kind=zone.kind,
        region=zone.region,
        city=zone.city,
        relevance=relevance,
        matched=matched,
        alias=alias or "",
        indicators_with_data=getattr(zone, "n_with_data", None),  # annotated by _with_data
    )


def _grouped(matches: list[ZoneMatch]) -> list[ZoneGroup]:
    """``matches`` by kind and region, the groups in the order of their best match."""
    groups: dict[tuple[str, str], ZoneGroup] = {}
    for match in matches:
        key = (match.kind, match.region)
        if key not in groups:
            groups[key] = ZoneGroup(
                kind=match.kind,
                region=match.region,
                kind_label=_labels(ZoneKind.choices, match.kind),
                region_label=_labels(Region.choices, match.region),
            )
        groups[key].zones.append(match)
    return list(groups.values())


def zone_search(
    *,
    query: str,
    indicators: list[str] | None = None,
    period: str = Period.FULL_YEAR,
    limit: int = DEFAULT_LIMIT,
) -> ZoneSearch:
    """The zones whose Chinese or English name, slug, alias or city contains ``query``, or
    whose name's pinyin or initials start with it ("lg", "longgang" find 龙岗区), best match
    first (whole, start, anywhere), at most ``limit`` of them, grouped by kind and region.

    With ``indicators``, each zone says how many of them it has a value of in ``period``.
    ``BadParameter`` names ``q`` (blank or longer than ``MAX_QUERY_LENGTH``) or ``limit``;
    ``UnknownCode`` names ``indicator``. One query, plus one for the indicators' ids.
    """
    text = (query or "").strip()
    if not text:
        raise BadParameter("q", query, "请输入要查找的名称 / type a name to search for")
    if len(text) > MAX_QUERY_LENGTH:
        raise BadParameter("q", text[:60], f"最多 {MAX_QUERY_LENGTH} 个字符 / too long")
    if not 1 <= limit <= MAX_LIMIT:
        raise BadParameter("limit", limit, f"须在 1-{MAX_LIMIT} 之间 / out of range")
    ids = _indicator_ids(indicators) if indicators else None
    pinyin = pinyin_query(text)
    matching, relevance = _matching(text, pinyin)
    zones = (
        matching.annotate(relevance=relevance)
        .annotate(total=Window(Count("pk")))
        .order_by("relevance", Length("name_zh"), "slug")
    )
    found = list(_with_data(zones, ids, period)[:limit])
    matches = [
        _as_match(zone, relevance=zone.relevance, matched=_match(zone, text, pinyin))
        for zone in found
    ]
    return ZoneSearch(
        query=text,
        indicators=list(indicators or []),
        period=period,
        limit=limit,
        count=found[0].total if found else 0,
        groups=_grouped(matches),
    )


def zone_choices(
    *, slugs: list[str], indicators: list[str] | None = None, period: str = Period.FULL_YEAR
) -> list[ZoneMatch]:
    """The chosen zones of ``slugs`` in that order (unknown slugs left out), each with how
    many of ``indicators`` it has values for in ``period``: the picker's chips. One query, plus
    one for the indicators' ids."""
    if not slugs:
        return []
    ids = _indicator_ids(indicators) if indicators else None
    zones = {
        zone.slug: zone for zone in _with_data(Zone.objects.filter(slug__in=slugs), ids, period)
    }
    return [_as_match(zones[slug], relevance=None, matched="") for slug in slugs if slug in zones]
