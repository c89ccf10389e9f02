"""Reads that only the pages need (pickers, directory, overview counts, the map, a zone's
profile). The views call these and make no query of their own.

Everything that is a number shown on a chart comes from ``analysis``; these
functions only list what exists, each in a fixed number of queries.
"""

from __future__ import annotations

from typing import cast

from django.core.cache import cache
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.shortcuts import get_object_or_404

from common.cache import data_generation, per_generation
from indicators.models import (
    PERIOD_MONTHS,
    CohortStatistic,
    Indicator,
    Observation,
    Period,
    Reliability,
    Source,
)
from indicators.selectors import latest_observations
from zones.models import Cohort, Zone, ZoneQuerySet

# A safety net for a write that forgot to bump the data generation: cached counts are at most
# this old.
OVERVIEW_COUNTS_TIMEOUT = 60 * 60


def _overview_counts() -> dict:
    # one pass over the figures for their number and years (at 5.4 million rows each pass
    # is a sequential scan of most of a second)
    figures = Observation.objects.aggregate(n=Count("pk"), first=Min("year"), last=Max("year"))
    return {
        "zones": Zone.objects.count(),
        "indicators": Indicator.objects.filter(
            Exists(Observation.objects.filter(indicator=OuterRef("pk")))
        ).count(),
        "sources": Source.objects.count(),
        "observations": figures["n"],
        "year_first": figures["first"],
        "year_last": figures["last"],
    }


def overview_counts() -> dict:
    """How much the data holds: zones, indicators with data, sources, figures, years.

    Counted over the whole tables once per data generation (see ``data_generation``), then
    served from the cache: one cache read per request while the data does not change.
    """
    key = f"zonebench:overview-counts:{data_generation()}"
    return cast(dict, cache.get_or_set(key, _overview_counts, timeout=OVERVIEW_COUNTS_TIMEOUT))


def zone_directory(*, zones: ZoneQuerySet) -> QuerySet[Zone]:
    """The directory's rows: ``zones`` (already filtered by ``ZoneFilterSet``) with what a
    row shows selected, by kind then slug. Filters nothing itself."""
    return zones.with_related().order_by("kind", "slug")


@per_generation("indicators_with_coverage")
def indicators_with_coverage() -> list[Indicator]:
    """The catalogue with how many figures and zones each indicator has, and its years
    (counted over the whole table: once per data generation)."""
    return list(
        Indicator.objects.annotate(
            n_observations=Count("observations"),
            n_zones=Count("observations__zone", distinct=True),
            year_first=Min("observations__year"),
            year_last=Max("observations__year"),
        ).order_by("sort_order", "code")
    )


@per_generation("indicator_year_coverage")
def indicator_year_coverage() -> dict[str, dict[int, int]]:
    """``{indicator code: {year: number of zones with a value}}`` over every period."""
    rows = (
        Observation.objects.values("indicator__code", "year")
        .annotate(n=Count("zone", distinct=True))
        .order_by("indicator__code", "year")
    )
    coverage: dict[str, dict[int, int]] = {}
    for row in rows:
        coverage.setdefault(row["indicator__code"], {})[row["year"]] = row["n"]
    return coverage


@per_generation("periods_with_data")
def periods_with_data(*, indicator: str) -> list[str]:
    """The periods ``indicator`` has values for, full year first."""
    found = set(
        Observation.objects.filter(indicator__code=indicator)
        .order_by()
        .values_list("period", flat=True)
        .distinct()
    )
    return [period for period in Period.values if period in found]


def cohorts_with_means() -> QuerySet[Cohort]:
    """Every cohort, with how many mean statistics a source reports for it."""
    return Cohort.objects.annotate(
        n_means=Count("statistics", filter=Q(statistics__statistic="mean"))
    ).order_by("slug")


@per_generation("latest_figures")
def latest_figures(*, zones: list[str] | None = None) -> dict[str, list[Observation]]:
    """Each zone's latest figure of each indicator: ``{zone slug: [Observation, ...]}``.

    A full-year figure is preferred; an indicator a zone only has part-year figures for shows
    its most recent one (the newest year, then the longest period), keeping its period so the
    page can label it. One query for the periods present, then one per period present.
    """
    present = Observation.objects.order_by().values_list("period", flat=True).distinct()
    if zones is not None:
        present = present.filter(zone__slug__in=zones)
    chosen: dict[tuple[int, int], Observation] = {}
    for period in sorted(set(present), key=lambda p: -PERIOD_MONTHS[p]):
        for obs in latest_observations(zones=zones, period=period):
            key = (obs.zone_id, obs.indicator_id)
            current = chosen.get(key)
            if current is None or (
                not current.is_full_year and not obs.is_full_year and obs.year > current.year
            ):
                chosen[key] = obs
    by_zone: dict[str, list[Observation]] = {}
    for obs in sorted(
        chosen.values(), key=lambda o: (o.zone.slug, o.indicator.sort_order, o.indicator.code)
    ):
        by_zone.setdefault(obs.zone.slug, []).append(obs)
    return by_zone


def _first_per_source(
    model, *, sources: list[int], per_source: int, order: list[str], related: list[str]
):
    """The first ``per_source`` rows of ``model`` of each of ``sources`` (one query, a
    window)."""
    rows = (
        model.objects.filter(source_id__in=sources)
        .select_related(*related)
        .annotate(
            position=Window(
                RowNumber(), partition_by=[F("source_id")], order_by=[F(f) for f in order]
            )
        )
        .filter(position__lte=per_source)
        .order_by("source_id", "position")
    )
    grouped: dict[int, list] = {}
    for row in rows:
        grouped.setdefault(row.source_id, []).append(row)
    return grouped


def sources_with_figures(
    *, sources: QuerySet[Source] | None = None, per_source: int = 50
) -> list[Source]:
    """``sources`` (every source by default; the sources page passes them filtered by
    ``SourceFilterSet``), the most reliable first, then the newest, each with
    ``n_observations``/``n_statistics`` and, as ``figures`` and ``statistics``, its first
    ``per_source`` zone figures and cohort statistics: three queries and a bounded number of
    rows, however large an imported yearbook is."""

    def count(model):
        return Subquery(
            model.objects.filter(source=OuterRef("pk"))
            .order_by()
            .values("source")
            .annotate(n=Count("pk"))
            .values("n")
        )

    reliability_order = Case(
        *[When(reliability=value, then=Value(rank)) for rank, value in enumerate(Reliability)],
        default=Value(len(Reliability)),
    )
    found: list[Source] = list(
        (Source.objects.all() if sources is None else sources)
        .annotate(
            n_observations=Coalesce(count(Observation), 0),
            n_statistics=Coalesce(count(CohortStatistic), 0),
        )
        .order_by(reliability_order, F("published").desc(nulls_last=True), "key")
    )
    ids = [source.pk for source in found]
    figures = _first_per_source(
        Observation,
        sources=ids,
        per_source=per_source,
        order=["zone__slug", "indicator__sort_order", "year", "period"],
        related=["zone", "indicator"],
    )
    statistics = _first_per_source(
        CohortStatistic,
        sources=ids,
        per_source=per_source,
        order=["cohort__slug", "indicator__sort_order", "year", "period"],
        related=["cohort", "indicator"],
    )
    for source in found:
        source.figures = figures.get(source.pk, [])
        source.statistics_shown = statistics.get(source.pk, [])
    return found


def source_publishers() -> list[str]:
    """Every publisher named by a source, for the sources page's filter."""
    return list(
        Source.objects.exclude(publisher="")
        .order_by("publisher")
        .values_list("publisher", flat=True)
        .distinct()
    )


@per_generation("indicators_for_picker")
def indicators_for_picker(*, period: str) -> list[Indicator]:
    """The catalogue, each indicator with ``has_values``: whether it has a figure in ``period``.

    ``pk IN (indicators with an EXISTS figure)``: the inner query is a semi-join that probes
    the observations' indicator index once per indicator. (An EXISTS in the SELECT list itself
    lets PostgreSQL hash the whole observation table instead.)
    """
    with_values = Indicator.objects.filter(
        Exists(Observation.objects.filter(indicator=OuterRef("pk"), period=period))
    ).values("pk")
    return list(
        Indicator.objects.annotate(
            has_values=ExpressionWrapper(Q(pk__in=with_values), output_field=BooleanField())
        ).order_by("sort_order", "code")
    )


@per_generation("default_indicator")
def default_indicator() -> str | None:
    """The first indicator of the catalogue that has a full-year figure."""
    return (
        Indicator.objects.filter(
            Exists(Observation.objects.filter(indicator=OuterRef("pk"), period=Period.FULL_YEAR))
        )
        .order_by("sort_order", "code")
        .values_list("code", flat=True)
        .first()
    )


def sources_by_key(keys: list[str]) -> list[Source]:
    """The sources of ``keys`` in that order (unknown keys left out), in one query."""
    found = Source.objects.in_bulk(keys, field_name="key")
    return [found[key] for key in keys if key in found]


def cohorts_for_picker() -> QuerySet[Cohort]:
    """Every cohort, by slug."""
    return Cohort.objects.order_by("slug")


def indicators_in_catalogue_order() -> QuerySet[Indicator]:
    """Every indicator, in the catalogue's order."""
    return Indicator.objects.order_by("sort_order", "code")


def indicators_by_code(codes: list[str]) -> dict[str, Indicator]:
    """The indicators of ``codes`` by code, in one query."""
    return Indicator.objects.in_bulk(codes, field_name="code")


def zones_by_slug(slugs: list[str]) -> dict[str, Zone]:
    """The zones of ``slugs`` by slug, in one query."""
    return Zone.objects.in_bulk(slugs, field_name="slug")


def zones_by_slug_order() -> QuerySet[Zone]:
    """Every zone, by slug (the overview's list, paged)."""
    return Zone.objects.order_by("slug")


@per_generation("map_points")
def map_points(
    *,
    kind: str | None = None,
    region: str | None = None,
    cohort: str | None = None,
    peers: list[str] | None = None,
    province: str | None = None,
) -> list[Zone]:
    """The zones of a ranking's peer set (``kind``, ``region``, members of ``cohort``, among
    ``peers``) in ``province``, by slug, with just what the map and its CSV need (those
    without a location included): one query."""
    zones = Zone.objects.only(
        "slug",
        "name_zh",
        "name_en",
        "region",
        "province",
        "latitude",
        "longitude",
        "location_note",
    )
    filters = {"kind": kind, "region": region, "cohorts__slug": cohort, "province": province}
    zones = zones.filter(**{key: value for key, value in filters.items() if value})
    if peers:
        zones = zones.filter(slug__in=peers)
    return list(zones.order_by("slug"))


def zone_profile(*, slug: str) -> dict:
    """The zone of ``slug`` (``Http404`` if none) with its cohorts and industry links; the
    related lists stay lazy, so the template's loop reads each in one query."""
    zone = get_object_or_404(Zone.objects.with_related(), slug=slug)
    return {
        "zone": zone,
        "cohorts": zone.cohorts.all(),
        "industry_links": zone.industry_links.select_related("industry", "source"),
    }
