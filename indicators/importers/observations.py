"""The observation file format: its columns, and turning each row into checked values.

A row is parsed into an ``ObservationRow`` (resolved zone, indicator and source, typed year,
period and value) or into ``RowError``s naming the row, the column and the reason. Nothing
here writes to the database; ``indicators.services.observation_import`` does.

Two things can be plugged in by later importers without touching this module:

* ``unit_policy``: how a figure stated in the file's ``unit`` column becomes a value in the
  indicator's unit. The default, ``SameUnitOnly``, accepts only the indicator's own unit; a
  table of conversions (万亿元 → 亿元, 人 → 万人) can take its place.
* the name indexes (``lookups.zone_index`` / ``indicator_index``) already match recorded
  aliases, so a new spelling in a bulletin is one ``ZoneAlias``/``IndicatorAlias`` away.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

from django.utils import timezone

from common.importing.base import RowError, Table
from common.importing.columns import Column, ColumnMap
from common.importing.columns import map_columns as map_table_columns
from common.importing.names import NameIndex, normalise
from indicators.models import Indicator, Period, Qualifier, Source, Status

from .cells import (
    QUALIFIERS,
    STATUSES,
    RowValueError,
    check_period_ended,
    lookup,
    parse_number,
    parse_period,
    year_or_message,
)

# The first header of each column is the one exports write; the others are accepted too.
OBSERVATION_COLUMNS = (
    Column("zone", ("zone", "园区", "zone_slug", "地区", "园区/区县"), True, "slug、中文名或别名"),
    Column("indicator", ("indicator", "指标", "indicator_code"), True, "代码、中文名或别名"),
    Column("year", ("year", "年份", "年度"), True, "2024"),
    Column("period", ("period", "期间"), False, "FY、H1、9M… 或 全年、上半年、前三季度…"),
    Column("value", ("value", "数值", "值"), True, "数字，不带单位"),
    Column("unit", ("unit", "单位"), False, "默认为指标的单位"),
    Column("as_reported", ("as_reported", "原文数字", "原文"), False, "如 5901.27亿元"),
    Column("source", ("source", "来源", "source_key"), False, "来源的 key"),
    Column("qualifier", ("qualifier", "精确度"), False, "exact/approx/at_least/at_most"),
    Column("status", ("status", "状态"), False, "reported/derived/estimated"),
    Column("locator", ("locator", "出处位置"), False, ""),
    Column("note", ("note", "备注"), False, ""),
)
# Columns that exports add for people to read; imports skip them silently.
INFORMATIONAL_HEADERS = ("zone_name", "园区名称", "indicator_name", "指标名称")


def map_columns(headers: list[str]) -> ColumnMap:
    """The file's headers matched to the observation columns (``common.importing.columns``)."""
    return map_table_columns(headers, OBSERVATION_COLUMNS, INFORMATIONAL_HEADERS)


class UnitPolicy(Protocol):
    def to_indicator_unit(self, *, value: Decimal, unit: str, indicator: Indicator) -> Decimal:
        """``value`` stated in ``unit``, expressed in ``indicator.unit``; raises
        ``RowValueError`` when it cannot be converted."""


class SameUnitOnly:
    """Accepts a figure only in the indicator's own unit (an empty unit means that unit)."""

    def to_indicator_unit(self, *, value: Decimal, unit: str, indicator: Indicator) -> Decimal:
        if unit and normalise(unit) != normalise(indicator.unit):
            raise RowValueError(
                f"单位“{unit}”与指标“{indicator.name_zh}”的单位“{indicator.unit}”不一致 / "
                f"The unit “{unit}” is not the indicator's unit “{indicator.unit}”."
            )
        return value


@dataclass
class ObservationRow:
    """One parsed row: the key of the observation and the field values the file states.

    ``fields`` holds only what the file says (plus ``value``), so an update leaves alone the
    fields whose column the file does not have.
    """

    row: int
    zone: Any
    indicator: Indicator
    year: int
    period: str
    fields: dict[str, Any] = field(default_factory=dict)
    value_text: str = ""
    unit: str = ""
    # The zone and indicator cells as written, for the message about a duplicate row.
    zone_text: str = ""
    indicator_text: str = ""

    @property
    def key(self) -> tuple[int, int, int, str, int]:
        """The slot (zone, indicator, year, period) and the source: one figure each."""
        return (self.zone.id, self.indicator.id, self.year, self.period, self.fields["source"].id)

    @property
    def default_as_reported(self) -> str:
        """The figure as reported when the file gives none: the value and the unit."""
        return f"{self.value_text}{self.unit}"

    @property
    def as_reported(self) -> str:
        return self.fields.get("as_reported") or self.default_as_reported


@dataclass
class RowContext:
    zones: NameIndex
    indicators: NameIndex
    sources: NameIndex
    default_source: Source | None = None
    unit_policy: UnitPolicy = field(default_factory=SameUnitOnly)
    today: dt.date = field(default_factory=timezone.localdate)
    # A file names the same few thousand zones, indicators and years over and over: each
    # distinct cell is resolved once (this is most of what makes a big file fast to parse).
    memo: dict[tuple[str, str], Any] = field(default_factory=dict, repr=False)

    def resolved(self, column: str, text: str, resolve, *args) -> Any:
        """``resolve(*args)``'s answer for ``text`` in ``column``, computed once per distinct
        text."""
        key = (column, text)
        try:
            return self.memo[key]
        except KeyError:
            found = self.memo[key] = resolve(*args)
            return found


def parse_rows(
    *, table: Table, columns: ColumnMap, context: RowContext
) -> tuple[list[ObservationRow], list[RowError]]:
    """Parse every row of ``table``; a row with any error yields errors and no ObservationRow.

    Besides each cell's own checks it refuses a second row for the same zone, indicator, year,
    period and source (naming the first), and a figure for a period that has not ended yet.
    """
    parsed: list[ObservationRow] = []
    errors: list[RowError] = []
    first_row_of: dict[tuple, int] = {}
    width = len(table.headers)
    for number, cells in table.rows:
        if any(cells[width:]):
            errors.append(
                RowError(
                    number,
                    "",
                    "",
                    "这一行的单元格比表头多 / The row has more cells than the header.",
                )
            )
            continue
        row, row_errors = _parse_row(number, cells, columns, context)
        if row_errors or row is None:
            errors.extend(row_errors)
            continue
        first = first_row_of.setdefault(row.key, number)
        if first != number:
            errors.append(
                duplicate_error(
                    number,
                    first=first,
                    what=(row.zone_text, row.indicator_text, row.year, row.period),
                    columns=columns,
                )
            )
            continue
        parsed.append(row)
    return parsed, errors


def duplicate_error(
    number: int, *, first: int, what: tuple[str, str, int, str], columns: ColumnMap
) -> RowError:
    """The error for row ``number``, which repeats the key of the file's row ``first``;
    ``what`` is the zone and indicator as written, the year and the period."""
    zone, indicator, year, period = what
    return RowError(
        number,
        columns.header["zone"],
        f"{zone} / {indicator} / {year} {period}",
        f"与第 {first} 行重复（同一园区、指标、年份、期间和来源）/ Duplicate of row {first} "
        "(same zone, indicator, year, period and source).",
    )


def _parse_row(
    number: int, cells: list[str], columns: ColumnMap, context: RowContext
) -> tuple[ObservationRow | None, list[RowError]]:
    errors: list[RowError] = []
    width = len(cells)
    # Each known column's cell, read once (a big file has hundreds of thousands of rows).
    text = {
        name: cells[position].strip() if position < width else ""
        for name, position in columns.index.items()
    }

    def fail(name: str, message: str) -> None:
        errors.append(RowError(number, columns.header.get(name, name), text.get(name, ""), message))

    resolved = context.resolved
    zone_text, indicator_text, year_text = text["zone"], text["indicator"], text["year"]
    zone = resolved("zone", zone_text, lookup, zone_text, context.zones, "园区 / zone", _slug)
    if isinstance(zone, str):
        fail("zone", zone)
    indicator = resolved(
        "indicator", indicator_text, lookup, indicator_text, context.indicators, _INDICATOR, _code
    )
    if isinstance(indicator, str):
        fail("indicator", indicator)
        indicator = None

    year = resolved("year", year_text, year_or_message, year_text)
    if isinstance(year, str):
        fail("year", year)
        year = None
    period = Period.FULL_YEAR
    if period_text := text.get("period", ""):
        period = resolved("period", period_text, parse_period, period_text)
        if period is None:
            fail(
                "period",
                "未知的期间 / Unknown period; use one of: "
                + ", ".join(Period.values)
                + " 或 全年、一季度、上半年、前三季度、1-N月",
            )
    if year is not None and period is not None:
        ended = resolved(
            "ended", f"{year} {period}", _period_ended_or_message, year, period, context
        )
        if ended:
            fail("year", ended)

    fields: dict[str, Any] = {}
    value = None
    unit = text.get("unit", "")
    try:
        value = parse_number(text.get("value", ""), indicator)
    except RowValueError as exc:
        fail("value", str(exc))
    if value is not None and indicator is not None:
        try:
            value = context.unit_policy.to_indicator_unit(
                value=value, unit=unit, indicator=indicator
            )
        except RowValueError as exc:
            fail("unit", str(exc))
    fields["value"] = value

    if columns.has("source") and text.get("source", ""):
        source_text = text.get("source", "")
        source = resolved(
            "source", source_text, lookup, source_text, context.sources, "来源 / source", _key
        )
        if isinstance(source, str):
            fail("source", source)
        else:
            fields["source"] = source
    elif context.default_source is not None:
        fields["source"] = context.default_source
    else:
        fail(
            "source",
            "必须注明来源：填写“来源”列或选择整个文件的来源 / A source is required: fill the "
            "source column or choose a source for the whole file.",
        )

    for name, index, default in (
        ("qualifier", QUALIFIERS, Qualifier.EXACT),
        ("status", STATUSES, Status.REPORTED),
    ):
        if columns.has(name):
            choice = index.get(normalise(text.get(name, ""))) if text.get(name, "") else default
            if choice is None:
                fail(name, f"未知的取值 / Unknown value; use one of: {', '.join(index.values())}")
            fields[name] = choice
    for name in ("as_reported", "locator", "note"):
        if columns.has(name) and (text.get(name, "") or name != "as_reported"):
            fields[name] = text.get(name, "")

    if errors:
        return None, errors
    return (
        ObservationRow(
            row=number,
            zone=zone,
            indicator=indicator,
            year=year,
            period=period,
            fields=fields,
            value_text=text.get("value", ""),
            unit=unit or indicator.unit,
            zone_text=cells[columns.index["zone"]],
            indicator_text=cells[columns.index["indicator"]],
        ),
        [],
    )


_INDICATOR = "指标 / indicator"


def _slug(zone) -> str:
    return zone.slug


def _code(indicator: Indicator) -> str:
    return indicator.code


def _key(source: Source) -> str:
    return source.key


def _period_ended_or_message(year: int, period: str, context: RowContext) -> str:
    try:
        check_period_ended(year, period, context.today)
    except RowValueError as exc:
        return str(exc)
    return ""
