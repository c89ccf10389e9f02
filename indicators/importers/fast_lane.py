"""The plain row's short way to the staging table.

Nearly every row of a big file is plain: names the catalogue knows, a year, a number within
the indicator's range in the indicator's own unit, known spellings. Such a row goes straight
to its staging record here, with the same lookups (``RowContext.resolved``) and the same rule
checks (``RuleCheck.plainly_valid``) as the full parse, but without building an
``ObservationRow`` and a dictionary of its cells. Any row with anything else to say (an
unknown name, text in a number, a figure out of range, a unit to convert, a cell past the
header...) is handed back to the full parse (``importers.observations.parse_rows``), which
words the reasons; so the messages, and what is accepted, are those of the full parse.
"""

from typing import Any

from common.importing.columns import ColumnMap
from common.importing.names import normalise
from indicators.models import Indicator, Period, Qualifier, Status

from .cells import (
    QUALIFIERS,
    STATUSES,
    RowValueError,
    lookup,
    parse_number,
    parse_period,
    year_or_message,
)
from .observations import (
    _INDICATOR,
    RowContext,
    SameUnitOnly,
    _code,
    _key,
    _period_ended_or_message,
    _slug,
)
from .rules import RuleCheck

# The staging record of a row (``importers.staging_format.STAGED``, less what the caller adds).
Record = tuple[Any, ...]


class FastLane:
    """Turns plain rows into staging records; gives back the rows that need the full parse."""

    def __init__(self, *, columns: ColumnMap, context: RowContext, check: RuleCheck, width: int):
        self.context = context
        self.check = check
        self.width = width
        self.open = type(context.unit_policy) is SameUnitOnly
        index = columns.index
        self.zone, self.indicator = index["zone"], index["indicator"]
        self.year, self.value = index["year"], index["value"]
        self.period = index.get("period")
        self.unit = index.get("unit")
        self.source = index.get("source")
        self.as_reported = index.get("as_reported")
        self.qualifier, self.status = index.get("qualifier"), index.get("status")
        self.locator, self.note = index.get("locator"), index.get("note")
        self.needed = 1 + max(self.zone, self.indicator, self.year, self.value)
        self._units: dict[tuple[str, int], bool] = {}

    def split(self, rows: list[tuple[int, list[str]]]) -> tuple[list[Record], list]:
        """The staging records of the plain ``rows`` and, in order, the others."""
        records: list[Record] = []
        others = []
        for number, cells in rows:
            record = self.record(number, cells) if self.open else None
            if record is None:
                others.append((number, cells))
            else:
                records.append(record)
        return records, others

    def record(self, number: int, cells: list[str]) -> Record | None:
        """The staging record of a plain row, or None."""
        if len(cells) < self.needed or (len(cells) > self.width and any(cells[self.width :])):
            return None
        context = self.context
        resolved = context.resolved
        # The readers strip every cell (``common.importing.readers``).
        size = len(cells)

        def cell(position: int | None) -> str | None:
            """The cell; None when the file has no such column."""
            if position is None:
                return None
            return cells[position] if position < size else ""

        zone_text, indicator_text = cells[self.zone], cells[self.indicator]
        zone = resolved("zone", zone_text, lookup, zone_text, context.zones, "园区 / zone", _slug)
        indicator = resolved(
            "indicator",
            indicator_text,
            lookup,
            indicator_text,
            context.indicators,
            _INDICATOR,
            _code,
        )
        if isinstance(zone, str) or not isinstance(indicator, Indicator):
            return None
        year_text = cells[self.year]
        year = resolved("year", year_text, year_or_message, year_text)
        if isinstance(year, str):
            return None
        period = Period.FULL_YEAR.value
        if period_text := cell(self.period):
            period = resolved("period", period_text, parse_period, period_text)
            if period is None:
                return None
        if resolved("ended", f"{year} {period}", _period_ended_or_message, year, period, context):
            return None
        value_text = cells[self.value]
        try:
            value = parse_number(value_text, indicator)
        except RowValueError:
            return None
        unit = cell(self.unit) or ""
        if unit and not self._same_unit(unit, indicator):
            return None
        source_text = cell(self.source)
        if source_text:
            source = resolved(
                "source", source_text, lookup, source_text, context.sources, "来源 / source", _key
            )
            if isinstance(source, str):
                return None
        elif context.default_source is not None:
            source = context.default_source
        else:
            return None
        qualifier = _choice(cell(self.qualifier), QUALIFIERS, Qualifier.EXACT)
        status = _choice(cell(self.status), STATUSES, Status.REPORTED)
        if qualifier is False or status is False:
            return None
        as_reported = cell(self.as_reported) or None
        default_as_reported = f"{value_text}{unit or indicator.unit}"
        locator = cell(self.locator)
        if not self.check.plainly_valid(
            value=value,
            indicator=indicator,
            as_reported=as_reported or default_as_reported,
            locator=locator or "",
        ):
            return None
        return (
            number,
            zone.id,
            indicator.id,
            year,
            period,
            source.id,
            str(value),
            indicator.value_type,
            as_reported,
            default_as_reported,
            qualifier,
            status,
            locator,
            cell(self.note),
            zone_text,
            indicator_text,
        )

    def _same_unit(self, unit: str, indicator: Indicator) -> bool:
        key = (unit, indicator.id)
        same = self._units.get(key)
        if same is None:
            same = self._units[key] = normalise(unit) == normalise(indicator.unit)
        return same


def _choice(text: str | None, index, default: str) -> str | None | bool:
    """A qualifier or status cell: None without the column, the default for an empty cell,
    False for a spelling the index does not know."""
    if text is None:
        return None
    if not text:
        return default
    found = index.get(normalise(text))
    return False if found is None else found
