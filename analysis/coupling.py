"""产城融合: the coupling-coordination degree of a zone's industry and city subsystems.

Two subsystems, each from the indicators the catalogue holds (``INDUSTRY``, ``CITY``):
- U₁, industry: GDP, industrial output, secondary-sector share, strategic-emerging-industry
  shares (of GDP and of industrial output), high-tech industry revenue, R&D intensity;
- U₂, city and people: disposable income (all residents, urban residents), resident
  population, retail sales, new green space, service functions of industrial communities.
  The catalogue has no density or public-service figure beyond these.

Every figure is normalised by min-max over the peer set, all years of it pooled so that a
zone's path over the years is on one scale: (x - min) / (max - min), or (max - x) /
(max - min) for a lower-is-better indicator (neutral ones count upwards: more industry
share is more industry, more people is more city). An indicator with fewer than two distinct
values in the peer set tells zones nothing apart and is left out. A subsystem's U is the
mean of the normalised figures the zone has in that year.

C = 2·√(U₁U₂) / (U₁ + U₂), T = αU₁ + βU₂ (α + β = 1), D = √(C·T). The model is usually cited
to 廖重斌 (1999), 热带地理 19(2), who wrote C = {U₁U₂ / [(U₁+U₂)/2]²}ᵏ; with k = ½ that is
the form above. D is read in the ten grades of 0.1 commonly used after that paper
(``GRADES``). When U₁ = U₂ = 0, C is undefined (None) and D is 0.

Missing is missing: a zone lacking either subsystem in a year is "not enough data" with the
reason, never given a zero.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy
from django.db import connections
from django.db.models import Count, FloatField, Max, Min, Q, QuerySet
from django.db.models.functions import Cast

from analysis.index import collection_paused, peer_zones
from analysis.ranking import _in_peer_set, peer_set
from common.cache import per_generation
from common.codes import MAX_CODES, clean_choices
from common.errors import BadParameter, UnknownCode
from indicators.models import Direction, Indicator, Observation, Period, Source
from indicators.selectors import check_codes, clean_period, clean_year_range
from zones.models import Cohort, Region, ZoneKind

INDUSTRY = (
    "gdp",
    "industrial_output",
    "secondary_share",
    "sei_va_share",
    "sei_industrial_output_share",
    "hightech_revenue",
    "rd_intensity",
)
CITY = (
    "resident_income",
    "urban_income",
    "population",
    "retail_sales",
    "new_green_space",
    "service_functions",
)
SUBSYSTEMS = {"industry": INDUSTRY, "city": CITY}
DIGITS = 4
CITATION = (
    "廖重斌. 环境与经济协调发展的定量评判及其分类体系——以珠江三角洲城市群为例. "
    "热带地理, 1999, 19(2): 171-177."
)
# (lower bound, Chinese, English): D from the bound up to the next one
GRADES = (
    (0.0, "极度失调", "extreme imbalance"),
    (0.1, "严重失调", "serious imbalance"),
    (0.2, "中度失调", "moderate imbalance"),
    (0.3, "轻度失调", "mild imbalance"),
    (0.4, "濒临失调", "on the verge of imbalance"),
    (0.5, "勉强协调", "barely coordinated"),
    (0.6, "初级协调", "primary coordination"),
    (0.7, "中级协调", "intermediate coordination"),
    (0.8, "良好协调", "good coordination"),
    (0.9, "优质协调", "high-quality coordination"),
)


@dataclass
class CouplingIndicator:
    code: str
    name_zh: str
    name_en: str
    unit: str
    subsystem: str
    direction: str
    n: int  # values in the peer set, all years
    minimum: float | None
    maximum: float | None
    usable: bool


@dataclass
class Figure:
    indicator: str
    subsystem: str
    value: float
    normalised: float | None  # None: the indicator has no spread in the peer set
    as_reported: str
    qualifier: str
    status: str
    source: str


@dataclass
class ZoneCoupling:
    zone: str
    name_zh: str
    name_en: str
    year: int
    u1: float | None
    u2: float | None
    c: float | None
    t: float | None
    d: float | None
    grade_zh: str
    grade_en: str
    industry_count: int
    city_count: int
    reason_zh: str  # empty when D was computed
    reason_en: str
    indicators: list[str] = field(default_factory=list)  # the codes it had, as ``figures``
    # each figure with its provenance: for the chosen zone, or every zone when asked
    # (``figures=True``); None when not asked
    figures: list[Figure] | None = None

    @property
    def enough_data(self) -> bool:
        return self.d is not None


@dataclass
class Coupling:
    year: int | None
    period: str
    alpha: float
    beta: float
    peer_set: dict[str, Any]
    years: list[int]  # years with any subsystem figure in the peer set
    indicators: list[CouplingIndicator]
    zones: list[ZoneCoupling]  # in ``year``: by D (highest first), then not enough data
    zone: str | None
    path: list[ZoneCoupling]  # ``zone`` over every year, oldest first
    sources: list[str]  # keys of the sources of the D computed (``zones`` and ``path``)
    citation: str = CITATION


def grade(d: float) -> tuple[str, str]:
    """The grade of a coordination degree ``d`` in 0..1 (``GRADES``)."""
    found = GRADES[0]
    for band in GRADES:
        if d >= band[0] - 1e-12:
            found = band
    return found[1], found[2]


def coordination(u1: float, u2: float, *, alpha: float, beta: float) -> dict[str, float | None]:
    """C, T and D of two subsystem scores in 0..1."""
    t = alpha * u1 + beta * u2
    c = None if u1 + u2 == 0 else 2 * math.sqrt(u1 * u2) / (u1 + u2)
    d = 0.0 if c is None else math.sqrt(c * t)
    return {"c": c, "t": t, "d": d}


def clean_weights(alpha: float | None, beta: float | None) -> tuple[float, float]:
    """α and β, each in 0..1 and summing to 1; one given, the other is its complement."""
    for name, value in (("alpha", alpha), ("beta", beta)):
        if value is not None and not (math.isfinite(value) and 0 <= value <= 1):
            raise BadParameter(name, str(value), "须在 0-1 之间 / must be between 0 and 1")
    if alpha is None:
        alpha = 0.5 if beta is None else 1 - beta
    if beta is None:
        beta = 1 - alpha
    if abs(alpha + beta - 1) > 1e-9:
        raise BadParameter(
            "beta", str(beta), f"α + β 须等于 1（α = {alpha}）/ alpha + beta must be 1"
        )
    return float(alpha), float(beta)


def _reasons(industry: int, city: int, unusable: dict[str, int]) -> tuple[str, str]:
    missing_zh, missing_en = [], []
    for name, count, zh, en in (
        ("industry", industry, "产业子系统", "the industry subsystem"),
        ("city", city, "城市子系统", "the city subsystem"),
    ):
        if count:
            continue
        if unusable.get(name):
            missing_zh.append(f"{zh}的数值在对比组内无差异，无法标准化")
            missing_en.append(f"{en}'s figures do not vary within the peer set")
        else:
            missing_zh.append(f"缺少{zh}指标")
            missing_en.append(f"no figure of {en}")
    return "；".join(missing_zh), "; ".join(missing_en)


@per_generation("industry_city_coupling")
def industry_city_coupling(
    *,
    year: int | None = None,
    period: str = Period.FULL_YEAR,
    alpha: float | None = None,
    beta: float | None = None,
    kind: str | None = None,
    region: str | None = None,
    cohort: str | None = None,
    peers: list[str] | None = None,
    zone: str | None = None,
    figures: bool = False,
) -> Coupling:
    """The coupling-coordination degree of every zone of the peer set in ``year``/``period``.

    The peer set is narrowed as in ``zone_ranking`` (``kind``, ``region``, ``cohort``,
    ``peers``). ``year`` defaults to the latest year in which a zone has both subsystems
    (else the latest with any figure). ``zone`` adds that zone's path over every year.
    Each zone says which indicators it had; each figure's value, normalised score and
    provenance come for ``zone`` and, with ``figures``, for every zone (the sources of all
    are in ``sources``). α, β: see ``clean_weights`` (``BadParameter`` naming ``alpha`` or
    ``beta``). Unknown codes raise ``UnknownCode``. A fixed number of queries, whatever the
    zones: the ranges and years are aggregated in SQL (from the ``obs_ranking`` index
    alone), only the values of ``year`` and of ``zone`` are fetched (those of the latest
    year first: when no zone has both subsystems in it, the latest year where one has is
    searched in SQL and its values read), then the zones' names, the sources' keys and the
    provenance asked for. Computed once per data generation and arguments
    (``common.cache``).
    """
    clean_period(period)
    if year is not None:
        clean_year_range(year, None)
    alpha, beta = clean_weights(alpha, beta)
    clean_choices("kind", [kind] if kind else None, ZoneKind.values)
    clean_choices("region", [region] if region else None, Region.values)
    cohort_obj = None
    if cohort:
        cohort_obj = Cohort.objects.filter(slug=cohort).first()
        if cohort_obj is None:
            raise UnknownCode("cohort", cohort)
    if peers:
        if len(peers) > MAX_CODES:
            raise BadParameter("peers", peers, f"最多 {MAX_CODES} 个 / at most {MAX_CODES} zones")
        check_codes(zones=peers)
    codes = [*INDUSTRY, *CITY]
    catalogue = {item.code: item for item in Indicator.objects.filter(code__in=codes)}
    code_of = {item.pk: code for code, item in catalogue.items()}
    # by indicator id, not code: the figures come from the ``obs_ranking`` index, no join
    base = _in_peer_set(
        Observation.objects.filter(indicator_id__in=list(code_of), period=period),
        kind=kind,
        region=region,
        cohort=cohort,
        peers=peers,
    ).order_by()
    ranges, years = _ranges(base, code_of)
    zones = peer_zones(kind=kind, region=region, cohort=cohort_obj)
    if peers:
        zones = zones.filter(slug__in=peers)
    names = {
        pk: (slug, name_zh, name_en)
        for pk, slug, name_zh, name_en in zones.order_by("slug").values_list(
            "pk", "slug", "name_zh", "name_en"
        )
    }
    zone_pk = next((pk for pk, found in names.items() if found[0] == zone), None)
    if zone and zone_pk is None:
        check_codes(zones=[zone])  # an unknown zone is a 404; one outside the set has no path

    ids = _Ids(code_of)

    def rows_of(chosen: int | None) -> numpy.ndarray:
        wanted = Q(year=chosen) | Q(zone_id=zone_pk) if zone_pk else Q(year=chosen)
        rows = _fetch(base.filter(wanted), VALUE_COLUMNS)
        return numpy.array(rows, dtype=float).reshape(len(rows), len(VALUE_COLUMNS))

    if year is not None or not years:
        rows = rows_of(year)
    else:
        # the latest year with figures usually has a zone with both subsystems: read its
        # values and look; only when none has both, search the years for one in SQL
        year = years[-1]
        rows = rows_of(year)
        latest = rows[rows[:, 1] == year]
        city = ids.in_city[ids.at(latest[:, 2])]
        if not numpy.intersect1d(latest[city, 0], latest[~city, 0]).size:
            industry_ids = [pk for pk, code in code_of.items() if code in INDUSTRY]
            city_ids = [pk for pk, code in code_of.items() if code in CITY]
            both = (
                base.values("zone_id", "year")
                .annotate(
                    industry=Count("id", filter=Q(indicator_id__in=industry_ids)),
                    city=Count("id", filter=Q(indicator_id__in=city_ids)),
                )
                .filter(industry__gt=0, city__gt=0)
                .order_by("-year")
                .values_list("year", flat=True)
                .first()
            )
            if both is not None and both != year:
                year = both
                rows = rows_of(year)
    indicators, lows, spans = _normalisation(catalogue, ranges)
    scores = _scores(rows, names, ids, lows, spans, alpha=alpha, beta=beta)
    in_year = [item for item in scores.items if item.year == year]
    in_year.sort(key=lambda item: (item.d is None, -(item.d or 0), item.zone))
    path = [item for item in scores.items if zone and item.zone == zone]
    # the sources of what is drawn, in the order the zones are listed (by D, then the path)
    used = [
        source
        for item in [*in_year, *path]
        if item.enough_data
        for source in scores.sources[(item.zone, item.year)]
    ]
    keys = dict(Source.objects.filter(pk__in=set(used)).values_list("pk", "key") if used else [])
    if figures or zone_pk:
        with_figures = in_year if figures else [item for item in in_year if item.zone == zone]
        _attach_figures(
            [*with_figures, *path],
            base.filter(Q(year=year) | Q(zone_id=zone_pk) if figures else Q(zone_id=zone_pk)),
            names,
            ids,
            lows,
            spans,
        )
    return Coupling(
        year=year,
        period=period,
        alpha=alpha,
        beta=beta,
        peer_set=peer_set(
            kind=kind, region=region, cohort=cohort_obj, reliabilities=None, peers=peers
        ),
        years=years,
        indicators=indicators,
        zones=in_year,
        zone=zone,
        path=path,
        sources=[keys[pk] for pk in dict.fromkeys(used)],
    )


# the columns of each value read (the value as a float from the database: a Decimal per row
# costs more than the arithmetic at scale)
VALUE_COLUMNS = ("zone_id", "year", "indicator_id", Cast("value", FloatField()), "source_id")
# and of each figure's provenance, for the zones whose figures are shown
FIGURE_COLUMNS = (
    "zone_id",
    "year",
    "indicator_id",
    Cast("value", FloatField()),
    "as_reported",
    "qualifier",
    "status",
    "source__key",
)


def _fetch(queryset: QuerySet[Observation], columns: tuple[Any, ...]) -> list[tuple[Any, ...]]:
    """The ORM's own SQL of ``queryset.values_list(*columns)``, read straight from the cursor:
    every column already has its Python type, and Django's per-row converters cost more than
    the rows at 3,000 zones."""
    sql, params = queryset.values_list(*columns).query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        rows: list[tuple[Any, ...]] = cursor.fetchall()
    return rows


def _ranges(
    base: QuerySet[Observation], code_of: dict[int, str]
) -> tuple[dict[str, tuple[float, float, int]], list[int]]:
    """Each indicator's (low, high, n) over every year of the peer set, by code, and the
    years with any figure: one query grouped by indicator and year, whose columns are all in
    the ``obs_ranking`` index (an index-only scan)."""
    ranges: dict[str, tuple[float, float, int]] = {}
    found_years: set[int] = set()
    for pk, found_year, low, high, n in (
        base.values("indicator_id", "year")
        .annotate(low=Min("value"), high=Max("value"), n=Count("*"))
        .values_list("indicator_id", "year", "low", "high", "n")
    ):
        found_years.add(found_year)
        code = code_of[pk]
        low, high = float(low), float(high)
        if code in ranges:
            old_low, old_high, old_n = ranges[code]
            low, high, n = min(low, old_low), max(high, old_high), n + old_n
        ranges[code] = (low, high, n)
    return ranges, sorted(found_years)


def _normalisation(
    catalogue: dict[str, Indicator],
    ranges: dict[str, tuple[float, float, int]],
) -> tuple[list[CouplingIndicator], dict[str, float], dict[str, float]]:
    """Each indicator's range over the peer set (``ranges``: (low, high, n) by code, all
    years), and for the usable ones the origin and span of the min-max score (reversed for a
    lower-is-better indicator)."""
    infos = []
    lows: dict[str, float] = {}
    spans: dict[str, float] = {}
    for subsystem, codes in SUBSYSTEMS.items():
        for code in (code for code in codes if code in catalogue):
            item = catalogue[code]
            low, high, n = ranges.get(code, (None, None, 0))
            usable = low is not None and high is not None and high > low
            if usable and low is not None and high is not None:
                # a lower-is-better indicator counts down from its maximum
                reverse = item.direction == Direction.LOWER_IS_BETTER
                lows[code], spans[code] = (high, low - high) if reverse else (low, high - low)
            infos.append(
                CouplingIndicator(
                    code=code,
                    name_zh=item.name_zh,
                    name_en=item.name_en,
                    unit=item.unit,
                    subsystem=subsystem,
                    direction=item.direction,
                    n=n,
                    minimum=low,
                    maximum=high,
                    usable=usable,
                )
            )
    return infos, lows, spans


def _normalised(
    values: numpy.ndarray,
    at_code: numpy.ndarray,
    codes: list[str],
    lows: dict[str, float],
    spans: dict[str, float],
) -> numpy.ndarray:
    """The min-max score of each of ``values``, whose indicators are ``codes[at_code]`` (NaN
    for an indicator without spread), rounded as pandas rounds: the one place a figure is
    normalised."""
    origin = numpy.array([lows.get(code, numpy.nan) for code in codes], dtype=float)
    span = numpy.array([spans.get(code, numpy.nan) for code in codes], dtype=float)
    scaled: numpy.ndarray = numpy.round((values - origin[at_code]) / span[at_code], DIGITS)
    return scaled


class _Ids:
    """The coupling indicators by id (``code_of``: id -> code): an array of rows' indicator
    ids becomes positions in ``codes`` (``at``), whose subsystem (``in_city``) and place in
    code order (``code_rank``) are arrays."""

    def __init__(self, code_of: dict[int, str]) -> None:
        self.ids = numpy.array(sorted(code_of), dtype=float)
        self.codes = [code_of[pk] for pk in sorted(code_of)]
        self.in_city = numpy.array([code in CITY for code in self.codes], dtype=bool)
        alphabetical = sorted(self.codes)
        self.code_rank = numpy.array([alphabetical.index(code) for code in self.codes])

    def at(self, indicator_ids: numpy.ndarray) -> numpy.ndarray:
        return numpy.searchsorted(self.ids, indicator_ids)


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, DIGITS)


@dataclass
class _Scores:
    items: list[ZoneCoupling]  # oldest year first, then by zone
    sources: dict[tuple[str, int], list[int]]  # source ids by (zone, year), as ``indicators``


@collection_paused()
def _scores(
    rows: numpy.ndarray,
    names: dict[int, tuple[str, str, str]],
    ids: _Ids,
    lows: dict[str, float],
    spans: dict[str, float],
    *,
    alpha: float,
    beta: float,
) -> _Scores:
    """One ``ZoneCoupling`` per zone and year with any value (``rows``: zone id, year,
    indicator id, value, source id; ``names``: slug and names by zone id, in slug order),
    oldest year first, then by zone, without figures. The scores and each zone-year's
    subsystem means are computed for all rows at once (numpy); a zone-year's indicators are
    in code order, its means summed in that order."""
    if not len(rows):
        return _Scores([], {})
    at_code = ids.at(rows[:, 2])
    pks = numpy.array(list(names), dtype=float)  # in slug order
    by_pk = numpy.argsort(pks)
    at_zone = by_pk[numpy.searchsorted(pks[by_pk], rows[:, 0])]
    order = numpy.lexsort((ids.code_rank[at_code], at_zone, rows[:, 1]))
    rows, at_code, at_zone = rows[order], at_code[order], at_zone[order]
    at_year = rows[:, 1].astype(int)
    scaled = _normalised(rows[:, 3], at_code, ids.codes, lows, spans)
    starts = numpy.flatnonzero(
        numpy.r_[True, (at_zone[1:] != at_zone[:-1]) | (at_year[1:] != at_year[:-1])]
    )
    ends = numpy.r_[starts[1:], len(rows)]
    group = numpy.repeat(numpy.arange(len(starts)), ends - starts)
    in_city = ids.in_city[at_code]
    usable = ~numpy.isnan(scaled)
    counts, unusable, means = {}, {}, {}
    for name, member in (("industry", ~in_city), ("city", in_city)):
        counted = numpy.bincount(group, weights=member & usable, minlength=len(starts))
        scored = numpy.bincount(group, weights=member, minlength=len(starts))
        total = numpy.bincount(
            group, weights=numpy.where(member & usable, scaled, 0.0), minlength=len(starts)
        )
        counts[name] = counted.astype(int).tolist()
        unusable[name] = (scored - counted).astype(int).tolist()
        means[name] = [
            t / n if n else None for t, n in zip(total.tolist(), counted.tolist(), strict=True)
        ]
    codes = numpy.array(ids.codes, dtype=object)[at_code].tolist()
    sources = rows[:, 4].astype(int).tolist()
    zone_names = list(names.values())
    items, by_item = [], {}
    for g, (start, end, zone_at, year) in enumerate(
        zip(
            starts.tolist(),
            ends.tolist(),
            at_zone[starts].tolist(),
            at_year[starts].tolist(),
            strict=True,
        )
    ):
        slug, name_zh, name_en = zone_names[zone_at]
        u1, u2 = means["industry"][g], means["city"][g]
        item = ZoneCoupling(
            zone=slug,
            name_zh=name_zh,
            name_en=name_en,
            year=year,
            u1=_rounded(u1),
            u2=_rounded(u2),
            c=None,
            t=None,
            d=None,
            grade_zh="",
            grade_en="",
            industry_count=counts["industry"][g],
            city_count=counts["city"][g],
            reason_zh="",
            reason_en="",
            indicators=codes[start:end],
        )
        if u1 is None or u2 is None:
            item.reason_zh, item.reason_en = _reasons(
                counts["industry"][g], counts["city"][g], {n: unusable[n][g] for n in SUBSYSTEMS}
            )
        else:
            found = coordination(u1, u2, alpha=alpha, beta=beta)
            item.c, item.t, item.d = (_rounded(found[key]) for key in ("c", "t", "d"))
            item.grade_zh, item.grade_en = grade(found["d"] or 0.0)
        items.append(item)
        by_item[(slug, year)] = sources[start:end]
    return _Scores(items, by_item)


def _attach_figures(
    items: list[ZoneCoupling],
    queryset: QuerySet[Observation],
    names: dict[int, tuple[str, str, str]],
    ids: _Ids,
    lows: dict[str, float],
    spans: dict[str, float],
) -> None:
    """Give each of ``items`` its figures with their provenance, read from ``queryset`` (which
    holds at least their rows), in the order of the item's ``indicators``."""
    rows = _fetch(queryset, FIGURE_COLUMNS)
    if not rows:
        return
    wanted = {(item.zone, item.year): item for item in items}
    at_code = ids.at(numpy.array([row[2] for row in rows], dtype=float))
    values = numpy.array([row[3] for row in rows], dtype=float)
    scaled = _normalised(values, at_code, ids.codes, lows, spans).tolist()
    codes = [ids.codes[at] for at in at_code.tolist()]
    found: dict[tuple[str, int], dict[str, Figure]] = {}
    subsystem = {code: name for name, members in SUBSYSTEMS.items() for code in members}
    for row, code, score in zip(rows, codes, scaled, strict=True):
        key = (names[row[0]][0], row[1])
        if key in wanted:
            found.setdefault(key, {})[code] = Figure(
                code,
                subsystem[code],
                row[3],
                None if score != score else score,  # NaN: not usable
                *row[4:],
            )
    for key, item in wanted.items():
        by_code = found.get(key, {})
        item.figures = [by_code[code] for code in item.indicators]
