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
from typing import Any

import numpy
from django.db import connections
from django.db.models import Count, FloatField, Max, Min, Q, QuerySet
from django.db.models.functions import Cast

from analysis.coupling_method import (
    CITY,
    INDUSTRY,
    SUBSYSTEMS,
    CodeIds,
    Coupling,
    Figure,
    ZoneCoupling,
    min_max,
    normalisation,
    zone_scores,
)
from analysis.index_values import peer_zones
from analysis.ranking import _in_peer_set, peer_set
from common.cache import per_generation
from common.codes import MAX_CODES, clean_choices
from common.errors import BadParameter, UnknownCode
from indicators.models import Indicator, Observation, Period, Source
from indicators.selectors import check_codes, clean_period, clean_year_range
from zones.models import Cohort, Region, ZoneKind


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

    ids = CodeIds(code_of)

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
    indicators, lows, spans = normalisation(catalogue, ranges)
    scores = zone_scores(rows, names, ids, lows, spans, alpha=alpha, beta=beta)
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


def _attach_figures(
    items: list[ZoneCoupling],
    queryset: QuerySet[Observation],
    names: dict[int, tuple[str, str, str]],
    ids: CodeIds,
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
    scaled = min_max(values, at_code, ids.codes, lows, spans).tolist()
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
