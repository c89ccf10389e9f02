"""Reads: observation querysets, and the tidy pandas frames built from them.

These functions are the one place where the database is read for the analysis and where a
queryset becomes a DataFrame. Filtering happens in SQL; pandas only ever sees the slice asked
for. Missing values are absent rows, never zeros.

Bad input raises ``BadParameter`` (or its subclass ``UnknownCode``), which names the parameter:
the API turns it into HTTP 400/404, the pages into an error page.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

import pandas as pd
from django.db.models import Case, Count, Model, OuterRef, QuerySet, Subquery, When

from common.codes import clean_choices
from common.errors import BadParameter, UnknownCode, as_list
from indicators.models import (
    MAX_YEAR,
    MIN_YEAR,
    Finding,
    Indicator,
    Observation,
    Period,
    Reliability,
    Resolution,
    Source,
    Status,
)
from zones.models import Cohort, Zone

__all__ = ["BadParameter", "UnknownCode"]  # raised here; defined in common.errors

FRAME_COLUMNS = [
    "zone",
    "zone_name_zh",
    "zone_name_en",
    "indicator",
    "indicator_name_zh",
    "indicator_name_en",
    "unit",
    "year",
    "period",
    "value",
    "qualifier",
    "status",
    "as_reported",
    "source",
    "source_title",
    "reliability",
    "locator",
]

# frame column -> Observation lookup
_FRAME_LOOKUPS = {
    "zone": "zone__slug",
    "zone_name_zh": "zone__name_zh",
    "zone_name_en": "zone__name_en",
    "indicator": "indicator__code",
    "indicator_name_zh": "indicator__name_zh",
    "indicator_name_en": "indicator__name_en",
    "unit": "indicator__unit",
    "year": "year",
    "period": "period",
    "value": "value",
    "qualifier": "qualifier",
    "status": "status",
    "as_reported": "as_reported",
    "source": "source__key",
    "source_title": "source__title",
    "reliability": "source__reliability",
    "locator": "locator",
}


def clean_period(period: str, *, param: str = "period") -> str:
    """Return ``period`` if it is one of ``Period.values``, else raise ``UnknownCode``."""
    clean_choices(param, [period], Period.values)
    return period


def clean_year_range(year_from: int | None, year_to: int | None) -> None:
    """Raise ``BadParameter`` for a year outside MIN_YEAR..MAX_YEAR or a reversed range."""
    for param, year in (("year_from", year_from), ("year_to", year_to)):
        if year is not None and not (MIN_YEAR <= year <= MAX_YEAR):
            raise BadParameter(
                param, year, f"年份须在 {MIN_YEAR}-{MAX_YEAR} 之间 / year must be in the range"
            )
    if year_from is not None and year_to is not None and year_from > year_to:
        raise BadParameter(
            "year_from",
            year_from,
            f"起始年份晚于截止年份 {year_to} / the range is reversed (year_to={year_to})",
        )


def check_codes(
    *,
    zones: Iterable[str] | str | None = None,
    indicators: Iterable[str] | str | None = None,
    cohorts: Iterable[str] | str | None = None,
    sources: Iterable[str] | str | None = None,
) -> None:
    """Raise ``UnknownCode`` naming the parameter if any given code does not exist.

    One query per kind of code given; nothing is queried for ``None``.
    """
    checks = (
        ("zone", zones, Zone.objects, "slug"),
        ("indicator", indicators, Indicator.objects, "code"),
        ("cohort", cohorts, Cohort.objects, "slug"),
        ("source", sources, Source.objects, "key"),
    )
    for param, codes, manager, field in checks:
        if codes is None:
            continue
        wanted = set(as_list(codes))
        found = set(manager.filter(**{f"{field}__in": wanted}).values_list(field, flat=True))
        missing = sorted(wanted - found)
        if missing:
            raise UnknownCode(param, missing)


_M = TypeVar("_M", bound=Model)


def _of_slots(
    queryset: QuerySet[_M],
    *,
    to_observation: str = "",
    zones: Iterable[str] | str | None,
    indicators: Iterable[str] | str | None,
    year_from: int | None,
    year_to: int | None,
    periods: Iterable[str] | str | None,
) -> QuerySet[_M]:
    """``queryset`` narrowed to the figures of these zone slugs, indicator codes, years
    (inclusive) and periods, ``None`` narrowing nothing; ``to_observation`` leads from its
    model to the observation (``""`` for observations themselves)."""
    if zones is not None:
        queryset = queryset.filter(**{f"{to_observation}zone__slug__in": as_list(zones)})
    if indicators is not None:
        queryset = queryset.filter(**{f"{to_observation}indicator__code__in": as_list(indicators)})
    if year_from is not None:
        queryset = queryset.filter(**{f"{to_observation}year__gte": year_from})
    if year_to is not None:
        queryset = queryset.filter(**{f"{to_observation}year__lte": year_to})
    if periods is not None:
        queryset = queryset.filter(**{f"{to_observation}period__in": as_list(periods)})
    return queryset


def observation_queryset(
    *,
    zones: Iterable[str] | str | None = None,
    indicators: Iterable[str] | str | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
    periods: Iterable[str] | str | None = None,
    sources: Iterable[str] | str | None = None,
    statuses: Iterable[str] | str | None = None,
    reliabilities: Iterable[str] | str | None = None,
    all_sources: bool = False,
) -> QuerySet[Observation]:
    """Observations matching every given filter, with zone, indicator and source joined: the
    preferred figure of each slot, or with ``all_sources`` every source's figure.

    ``zones`` are zone slugs, ``indicators`` indicator codes, ``sources`` source keys,
    ``periods``/``statuses``/``reliabilities`` choice values; ``None`` means "no filter", an
    empty list matches nothing. Years are inclusive. Codes are not looked up (the queryset
    stays lazy: use ``check_codes``); periods, statuses, reliabilities and the year range are
    validated and raise ``BadParameter``/``UnknownCode``.
    """
    periods = clean_choices("period", periods, Period.values)
    statuses = clean_choices("status", statuses, Status.values)
    reliabilities = clean_choices("reliability", reliabilities, Reliability.values)
    clean_year_range(year_from, year_to)

    manager = Observation.all_sources if all_sources else Observation.objects
    queryset = _of_slots(
        manager.with_related(),
        zones=zones,
        indicators=indicators,
        year_from=year_from,
        year_to=year_to,
        periods=periods,
    )
    if sources is not None:
        queryset = queryset.filter(source__key__in=as_list(sources))
    if statuses is not None:
        queryset = queryset.filter(status__in=statuses)
    if reliabilities is not None:
        queryset = queryset.filter(source__reliability__in=reliabilities)
    return queryset


def frame_from_queryset(queryset: QuerySet[Observation]) -> pd.DataFrame:
    """One row per observation of ``queryset``, columns ``FRAME_COLUMNS``; one query."""
    rows = list(queryset.values_list(*_FRAME_LOOKUPS.values()))
    frame = pd.DataFrame(rows, columns=FRAME_COLUMNS)
    frame["value"] = frame["value"].astype(float)
    frame["year"] = frame["year"].astype(int)
    return frame


def observation_frame(
    *,
    zones: Iterable[str] | str | None = None,
    indicators: Iterable[str] | str | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
    periods: Iterable[str] | str | None = None,
    sources: Iterable[str] | str | None = None,
    statuses: Iterable[str] | str | None = None,
    reliabilities: Iterable[str] | str | None = None,
    check: bool = True,
) -> pd.DataFrame:
    """The tidy frame of ``observation_queryset(...)``: one row per observation.

    Columns are ``FRAME_COLUMNS`` (value as float, year as int), sorted by zone, indicator,
    year, period. No match gives an empty frame with those columns. With ``check`` (default)
    unknown zone/indicator/source codes raise ``UnknownCode``.
    """
    if check:
        check_codes(zones=zones, indicators=indicators, sources=sources)
    queryset = observation_queryset(
        zones=zones,
        indicators=indicators,
        year_from=year_from,
        year_to=year_to,
        periods=periods,
        sources=sources,
        statuses=statuses,
        reliabilities=reliabilities,
    ).order_by("zone__slug", "indicator__code", "year", "period")
    return frame_from_queryset(queryset)


class _GroupSubquery(Subquery):
    """A subquery of a grouped query that refers only to the grouping columns.

    Django would add it to the GROUP BY, which makes the database evaluate it for every input
    row; left out, it is evaluated once per group (valid SQL: it depends only on the groups).
    """

    def get_group_by_cols(self):
        return []


def latest_observations(
    *,
    indicators: Iterable[str] | str | None = None,
    zones: Iterable[str] | str | None = None,
    period: str = Period.FULL_YEAR,
    year_to: int | None = None,
    reliabilities: Iterable[str] | str | None = None,
) -> QuerySet[Observation]:
    """Each zone's most recent observation of each indicator in ``period``.

    One row per (zone, indicator) that has any value in ``period`` up to ``year_to``
    (inclusive, when given) from a source of the given ``reliabilities``: its latest year.
    One query: the candidates are grouped by (zone, indicator) and each group's latest pk is
    found by a subquery ordered by year, newest first, limited to one row (a backward probe of
    the zone-series index), so there is one probe per pair, not per candidate row. Codes are
    not looked up; a bad period/reliability/year raises ``BadParameter``.
    """
    clean_period(period)
    reliabilities = clean_choices("reliability", reliabilities, Reliability.values)
    clean_year_range(None, year_to)

    def in_period(queryset: QuerySet[Observation]) -> QuerySet[Observation]:
        queryset = queryset.filter(period=period)
        if year_to is not None:
            queryset = queryset.filter(year__lte=year_to)
        if reliabilities is not None:
            queryset = queryset.filter(source__reliability__in=reliabilities)
        return queryset

    latest_pk = (
        in_period(
            Observation.objects.filter(zone=OuterRef("zone_id"), indicator=OuterRef("indicator_id"))
        )
        .order_by("-year")
        .values("pk")[:1]
    )
    candidates = Observation.objects.all()
    if zones is not None:
        candidates = candidates.filter(zone__slug__in=as_list(zones))
    if indicators is not None:
        candidates = candidates.filter(indicator__code__in=as_list(indicators))
    # GROUP BY (zone, indicator): the count only makes the grouping; the subquery then runs
    # once per group
    pairs = (
        in_period(candidates)
        .order_by()
        .values("zone_id", "indicator_id")
        .annotate(found=Count("pk"), latest=_GroupSubquery(latest_pk))
        .values("latest")
    )
    return Observation.objects.with_related().filter(pk__in=pairs)


def also_reported(
    observations: Iterable[Observation],
) -> dict[tuple[int, int, int, str], list[Observation]]:
    """The other sources' figures for the slots of ``observations`` (preferred figures), by
    slot (zone id, indicator id, year, period), most reliable source first; one query."""
    slots = {(o.zone_id, o.indicator_id, o.year, o.period) for o in observations}
    if not slots:
        return {}
    others = (
        Observation.all_sources.filter(
            preferred=False,
            zone_id__in={slot[0] for slot in slots},
            indicator_id__in={slot[1] for slot in slots},
            year__in={slot[2] for slot in slots},
        )
        .select_related("source")
        .order_by("-id")
    )
    rank = {value: position for position, value in enumerate(Reliability.values)}
    found: dict[tuple[int, int, int, str], list[Observation]] = {}
    for other in sorted(others, key=lambda other: rank.get(other.source.reliability, len(rank))):
        slot = (other.zone_id, other.indicator_id, other.year, other.period)
        if slot in slots:
            found.setdefault(slot, []).append(other)
    return found


def findings_for_review(*, findings: QuerySet[Finding]) -> QuerySet[Finding]:
    """The (already filtered) findings with the figure each is about, open ones first.

    One query whatever the number: the figure, its zone, indicator and source are joined.
    """
    return findings.select_related(
        "observation__zone", "observation__indicator", "observation__source"
    ).order_by(
        Case(When(resolution=Resolution.OPEN, then=0), default=1),
        "kind",
        "observation__zone__slug",
        "observation__indicator__code",
        "observation__year",
    )


Slot = tuple[str, str, int, str]  # zone slug, indicator code, year, period


def open_finding_slots(
    *,
    zones: Iterable[str] | None = None,
    indicators: Iterable[str] | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
    periods: Iterable[str] | None = None,
) -> set[Slot]:
    """The figures among the given ones (``None``: no narrowing) about which a consistency
    finding is open, as (zone slug, indicator code, year, period). One query, whatever the
    number of figures shown: the pages mark these figures and link them to /quality/."""
    findings = _of_slots(
        Finding.objects.filter(resolution=Resolution.OPEN),
        to_observation="observation__",
        zones=zones,
        indicators=indicators,
        year_from=year_from,
        year_to=year_to,
        periods=periods,
    )
    return set(
        findings.values_list(
            "observation__zone__slug",
            "observation__indicator__code",
            "observation__year",
            "observation__period",
        )
    )
