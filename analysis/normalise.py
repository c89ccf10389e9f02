"""Figures divided by a denominator: per km² of area, per resident, as a share of GDP.

``per`` (``km2``, ``resident``, ``gdp``; absent = the figure as reported) turns a zone's figure
into a computed one: the value divided by the zone's area (the latest area reported up to that
year, the rule of the derived ``gdp_per_km2``: ``indicators.derived.SecondInputs``), its
resident population or its GDP of the same year and period. The unit follows, with its factor
(亿元 ÷ 万人 is 元 per resident: × 10⁴; 亿元 ÷ 亿元 of GDP is %: × 100).

It applies only where a division means something: to totals of money, people and counted
things. Shares, growth rates, ratios already derived, per-capita or per-unit figures, ranks,
an area divided by an area, a count "as a share of GDP" and dollars over yuan are refused with
``BadParameter`` naming ``per``. A zone without the denominator gets no figure and a reason
("没有面积数据 / no area figure"), never a guess; it is not ranked.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NamedTuple

import pandas as pd

from common.errors import BadParameter
from indicators.derived import SecondInputs
from indicators.models import Indicator, Observation, ValueType
from indicators.units import UNITS, UnitError, normalise_unit

PER_DIGITS = 4


@dataclass(frozen=True)
class Denominator:
    key: str
    indicator: str  # the denominator's indicator code; its unit is fixed by the catalogue
    unit: str
    carry: bool  # the latest figure up to the year stands in for a missing one (areas)
    label_zh: str
    label_en: str
    missing_zh: str
    missing_en: str


DENOMINATORS = {
    "km2": Denominator(
        "km2",
        "area",
        "平方公里",
        True,
        "地均（每平方公里）",
        "per km²",
        "没有面积数据",
        "no area figure",
    ),
    "resident": Denominator(
        "resident",
        "population",
        "万人",
        False,
        "人均（每常住人口）",
        "per resident",
        "没有同年常住人口数据",
        "no resident population figure for that year",
    ),
    "gdp": Denominator(
        "gdp",
        "gdp",
        "亿元",
        False,
        "占地区生产总值比重",
        "as a share of GDP",
        "没有同年地区生产总值数据",
        "no GDP figure for that year",
    ),
}
PER_VALUES = tuple(DENOMINATORS)
# words of a name that say the figure is already per person, per unit or per area
PER_UNIT_WORDS = ("人均", "每万", "地均", "每平方公里")


@dataclass(frozen=True)
class PerUnit:
    """What ``per`` makes of an indicator: the unit of the divided figure and its factor."""

    per: str
    unit: str
    unit_en: str
    factor: Decimal
    label_zh: str
    label_en: str
    denominator: str


def _refuse(per: str, indicator: Indicator, why_zh: str, why_en: str) -> BadParameter:
    return BadParameter(
        "per",
        per,
        f"不适用于“{indicator.name_zh}”：{why_zh} / does not apply to "
        f"“{indicator.name_en}”: {why_en}",
    )


def per_unit(indicator: Indicator, per: str) -> PerUnit:
    """The unit and factor of ``indicator`` divided by ``per``'s denominator.

    Raises ``BadParameter`` naming ``per`` for an unknown ``per`` or one that does not apply
    to ``indicator`` (see the module's docstring).
    """
    if per not in DENOMINATORS:
        raise BadParameter("per", per, "可选 km2、resident、gdp / one of km2, resident, gdp")
    denominator = DENOMINATORS[per]
    if indicator.value_type in (ValueType.SHARE, ValueType.RATE):
        raise _refuse(per, indicator, "占比或增速", "a share or a growth rate")
    if indicator.formula_kind:
        raise _refuse(per, indicator, "已是推算的比值", "already a derived ratio")
    if any(word in indicator.name_zh for word in PER_UNIT_WORDS):
        raise _refuse(
            per, indicator, "已是人均或单位数值", "already a per-capita or per-unit figure"
        )
    if indicator.code == denominator.indicator:
        raise _refuse(per, indicator, "就是分母本身", "it is the denominator itself")
    try:
        unit = UNITS[normalise_unit(indicator.unit)]
    except UnitError:
        raise _refuse(per, indicator, "单位不明", "its unit is not known") from None
    dimension = unit.dimension
    if indicator.unit in ("位", "名"):
        raise _refuse(per, indicator, "是名次", "a rank")
    allowed = {
        "km2": ("money", "usd", "people", "count"),
        "resident": ("money", "usd", "count"),
        "gdp": ("money",),
    }[per]
    if dimension not in allowed:
        raise _refuse(
            per,
            indicator,
            "只适用于金额和个数（占 GDP 比重只适用于人民币金额）",
            "it applies to amounts of money and counts only (a share of GDP to yuan amounts)",
        )
    den = UNITS[denominator.unit]
    if per == "gdp":
        factor, result, result_en = unit.factor / den.factor * 100, "%", "% of GDP"
    elif per == "resident" and dimension in ("money", "usd"):
        base = "元" if dimension == "money" else "美元"
        factor, result = unit.factor / den.factor, base
        result_en = "yuan per resident" if dimension == "money" else "US dollars per resident"
    elif per == "resident":
        factor, result = Decimal(1), f"{indicator.unit}/万人"
        result_en = f"{indicator.unit_en or indicator.unit} per 10,000 residents"
    elif dimension == "people":
        factor, result, result_en = unit.factor, "人/平方公里", "residents per km²"
    else:
        factor, result = Decimal(1), f"{indicator.unit}/平方公里"
        result_en = f"{indicator.unit_en or indicator.unit} per km²"
    return PerUnit(
        per=per,
        unit=result,
        unit_en=result_en,
        factor=factor.normalize(),
        label_zh=denominator.label_zh,
        label_en=denominator.label_en,
        denominator=denominator.indicator,
    )


class DenominatorFigure(NamedTuple):
    zone_id: str  # the zone's slug (the pairing rule only needs a key)
    year: int
    period: str
    value: float
    as_reported: str
    qualifier: str
    source: str
    reliability: str


def denominator_index(
    *, per: str, zones: Iterable[str], year_from: int | None, year_to: int, period: str
) -> SecondInputs[DenominatorFigure]:
    """The denominators of ``zones`` for ``year_from``..``year_to`` in ``period``; one query.

    An area may be of any earlier year (carried), so its query has no lower bound.
    """
    denominator = DENOMINATORS[per]
    rows = Observation.objects.filter(
        indicator__code=denominator.indicator, zone__slug__in=list(zones), year__lte=year_to
    )
    if not denominator.carry:
        rows = rows.filter(period=period)
        if year_from is not None:
            rows = rows.filter(year__gte=year_from)
    figures = [
        DenominatorFigure(slug, year, row_period, float(value), *rest)
        for slug, year, row_period, value, *rest in rows.values_list(
            "zone__slug",
            "year",
            "period",
            "value",
            "as_reported",
            "qualifier",
            "source__key",
            "source__reliability",
        )
    ]
    return SecondInputs(figures, carry=denominator.carry)


def divided(
    value: float,
    *,
    zone: str,
    year: int,
    period: str,
    unit: PerUnit,
    index: SecondInputs[DenominatorFigure],
) -> dict[str, Any]:
    """``value`` of ``zone`` in ``year``/``period`` divided by its denominator.

    Returns the fields a divided figure adds to a row: ``value`` (None when there is no
    denominator or it is not positive, with ``reason_zh``/``reason_en``), ``absolute_value``
    and the denominator's own figure and provenance (``denominator_*``).
    """
    figure = index.find(zone, year, period)
    denominator = DENOMINATORS[unit.per]
    fields: dict[str, Any] = {
        "computed": True,
        "absolute_value": value,
        "denominator_indicator": denominator.indicator,
        "denominator_value": None,
        "denominator_year": None,
        "denominator_as_reported": None,
        "denominator_source": None,
        "denominator_reliability": None,
        "reason_zh": None,
        "reason_en": None,
    }
    if figure is None or figure.value <= 0:
        fields.update(
            value=None, reason_zh=denominator.missing_zh, reason_en=denominator.missing_en
        )
        return fields
    fields.update(
        value=round(value / figure.value * float(unit.factor), PER_DIGITS),
        denominator_value=figure.value,
        denominator_year=figure.year,
        denominator_as_reported=figure.as_reported,
        denominator_source=figure.source,
        denominator_reliability=figure.reliability,
    )
    return fields


DIVIDED_FIELDS = (
    "computed",
    "absolute_value",
    "denominator_indicator",
    "denominator_value",
    "denominator_year",
    "denominator_as_reported",
    "denominator_source",
    "denominator_reliability",
)
MISSING_FIELDS = (
    "zone",
    "zone_name_zh",
    "zone_name_en",
    "indicator",
    "year",
    "period",
    "absolute_value",
    "source",
    "reason_zh",
    "reason_en",
)


def divide_frame(
    frame: pd.DataFrame, *, units: dict[str, PerUnit], period: str
) -> tuple[pd.DataFrame, list[dict[str, Any]]]:
    """The rows of ``frame`` (``selectors.FRAME_COLUMNS``, one period) divided by their
    zones' denominators: value divided, ``unit`` the divided unit (``units`` by indicator
    code), the ``DIVIDED_FIELDS`` added. Returns them and, as records of ``MISSING_FIELDS``,
    the rows without a denominator (no data, with the reason). One query."""
    columns = [*frame.columns, *DIVIDED_FIELDS]
    if frame.empty:
        return pd.DataFrame(columns=columns), []
    per = next(iter(units.values())).per
    index = denominator_index(
        per=per,
        zones=frame["zone"].unique().tolist(),
        year_from=int(frame["year"].min()),
        year_to=int(frame["year"].max()),
        period=period,
    )
    kept, missing = [], []
    for record in frame.to_dict("records"):
        unit = units[record["indicator"]]
        fields = divided(
            float(record["value"]),
            zone=record["zone"],
            year=int(record["year"]),
            period=period,
            unit=unit,
            index=index,
        )
        if fields["value"] is None:
            merged = {**record, **fields}
            missing.append({name: merged[name] for name in MISSING_FIELDS})
        else:
            kept.append({**record, **fields, "unit": unit.unit})
    return pd.DataFrame(kept, columns=columns), missing


def per_choices(indicator: Indicator) -> list[dict[str, Any]]:
    """Each ``per`` with its labels and whether it applies to ``indicator`` (and if not,
    why): what a page's picker offers and greys out. No query."""
    choices = []
    for per, denominator in DENOMINATORS.items():
        try:
            per_unit(indicator, per)
            reason = ""
        except BadParameter as refused:
            reason = refused.message
        choices.append(
            {
                "value": per,
                "label_zh": denominator.label_zh,
                "label_en": denominator.label_en,
                "applies": not reason,
                "reason": reason,
            }
        )
    return choices


def applicable_pers(indicator: Indicator) -> str:
    """The ``per`` values that apply to ``indicator``, space-separated (for a data attribute)."""
    return " ".join(choice["value"] for choice in per_choices(indicator) if choice["applies"])
