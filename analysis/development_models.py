"""The five development models of document 002 (战略导向, 产业引领, 创新驱动, 生态培育, 区域协同):
the zones each model holds and how the groups differ on the indicators.

Membership is ``Zone.development_model``, set only where a source classifies the zone. The
shipped data takes it from document 002 (``SOURCE``), which names one example zone per model.

Per indicator, each member's figure is its latest in ``period`` within the ``WINDOW`` years
ending at the anchor year (``year``, or the latest year any member has that indicator), each
with its own year and provenance. A group's median and range are computed from its members'
figures, and only when at least ``MIN_MEMBERS`` members have one; a thinner group is "not
enough data" (its members' figures are still shown). Figures are never filled in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import median
from typing import Any

from django.db.models import F, FloatField, Max, Window
from django.db.models.functions import Cast

from analysis.base import label_parts
from common.cache import per_generation
from common.errors import UnknownCode
from indicators.models import Indicator, Observation, Period
from indicators.selectors import clean_period, clean_year_range
from zones.models import DevelopmentModel, Zone

SOURCE = "doc-002-ccid-urban-new-centres"
MIN_MEMBERS = 3
WINDOW = 3
DIGITS = 4
# a member figure's row: the value as a float from the database (a Decimal per row costs
# more than the rest at scale)
ROW_LOOKUPS = (
    "zone__slug",
    "indicator_id",
    "year",
    Cast("value", FloatField()),
    "as_reported",
    "qualifier",
    "status",
    "source__key",
)


@dataclass
class Member:
    zone: str
    name_zh: str
    name_en: str


@dataclass
class MemberFigure:
    zone: str
    value: float
    year: int
    as_reported: str
    qualifier: str
    status: str
    source: str


@dataclass
class GroupStatistics:
    model: str
    n: int  # members with a figure
    median: float | None  # None: fewer than MIN_MEMBERS figures
    minimum: float | None
    maximum: float | None
    figures: list[MemberFigure] = field(default_factory=list)


@dataclass
class ModelIndicator:
    code: str
    name_zh: str
    name_en: str
    unit: str
    anchor_year: int
    groups: list[GroupStatistics]


@dataclass
class ModelGroup:
    model: str
    name_zh: str
    name_en: str
    members: list[Member]


@dataclass
class DevelopmentModels:
    period: str
    year: int | None
    window: int
    min_members: int
    source: str
    groups: list[ModelGroup]
    indicators: list[ModelIndicator]


def _group_statistics(model: str, figures: list[MemberFigure]) -> GroupStatistics:
    values = [item.value for item in figures]
    enough = len(values) >= MIN_MEMBERS
    return GroupStatistics(
        model=model,
        n=len(values),
        median=round(median(values), DIGITS) if enough else None,
        minimum=min(values) if enough else None,
        maximum=max(values) if enough else None,
        figures=figures,
    )


@per_generation("development_models")
def development_models(
    *,
    indicators: list[str] | None = None,
    year: int | None = None,
    period: str = Period.FULL_YEAR,
) -> DevelopmentModels:
    """Each model with its members, and per indicator each group's figures, n, median and
    range. ``indicators`` defaults to every indicator any member has a figure of (in
    catalogue order); an unknown code raises ``UnknownCode``. Three queries: the members,
    the catalogue, and the figures of the window years only (each indicator's anchor, the
    latest year any member has it, found in SQL). Computed once per data generation and
    arguments (``common.cache``)."""
    clean_period(period)
    if year is not None:
        clean_year_range(year, None)
    members = list(
        Zone.objects.exclude(development_model="")
        .order_by("slug")
        .values_list("slug", "name_zh", "name_en", "development_model")
    )
    model_of = {slug: model for slug, _zh, _en, model in members}
    groups = []
    for model in DevelopmentModel:
        zh, en = label_parts(model.label)
        groups.append(
            ModelGroup(
                model=model.value,
                name_zh=zh,
                name_en=en,
                members=[Member(s, z, e) for s, z, e, m in members if m == model.value],
            )
        )
    catalogue = Indicator.objects.order_by("sort_order", "code")
    if indicators is not None:
        catalogue = catalogue.filter(code__in=indicators)
    found = {item.code: item for item in catalogue}
    if indicators is not None and set(indicators) - set(found):
        raise UnknownCode("indicator", sorted(set(indicators) - set(found)))
    rows = Observation.objects.filter(period=period).exclude(zone__development_model="")
    if indicators is not None:
        rows = rows.filter(indicator_id__in=[item.pk for item in found.values()])
    if year is not None:
        rows = rows.filter(year__gt=year - WINDOW, year__lte=year)
    else:
        # each indicator's anchor is the latest year any member has it: only the rows of the
        # ``WINDOW`` years to it leave the database
        anchor_year = Window(Max("year"), partition_by=[F("indicator_id")])
        rows = rows.annotate(anchor=anchor_year).filter(year__gt=F("anchor") - WINDOW)
    # each member's latest figure per indicator: ordered by year, a later one replaces it
    latest: dict[int, dict[str, tuple[Any, ...]]] = {}
    for row in rows.order_by("zone__slug", "year").values_list(*ROW_LOOKUPS):
        latest.setdefault(row[1], {})[row[0]] = row
    results = []
    for code, info in found.items():
        of_members = latest.get(info.pk)
        if not of_members:
            continue
        anchor = year if year is not None else max(row[2] for row in of_members.values())
        by_model: dict[str, list[MemberFigure]] = {group.model: [] for group in groups}
        for slug, _pk, found_year, value, *provenance in of_members.values():
            by_model[model_of[slug]].append(MemberFigure(slug, value, found_year, *provenance))
        results.append(
            ModelIndicator(
                code=code,
                name_zh=info.name_zh,
                name_en=info.name_en,
                unit=info.unit,
                anchor_year=anchor,
                groups=[_group_statistics(model, figures) for model, figures in by_model.items()],
            )
        )
    return DevelopmentModels(
        period=period,
        year=year,
        window=WINDOW,
        min_members=MIN_MEMBERS,
        source=SOURCE,
        groups=groups,
        indicators=results,
    )
