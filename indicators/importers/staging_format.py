"""The staged form of an observation import's rows: the staging tables' names and columns,
a checked row as a staging record and as a line of ``COPY``, what makes a stored figure
differ from a staged one, and the history rows an import writes (``importers.staging``).
"""

import re
from decimal import Decimal
from typing import Any

from django.utils import timezone

from indicators.models import Observation, Qualifier, Status

from .observations import ObservationRow

STAGING = "import_staging"
CHUNK = "import_chunk"
OBSERVATION = Observation._meta.db_table
HISTORY = Observation.history.model._meta.db_table
# A stored figure is the file's row's when it has the same slot and source.
KEY = ("zone_id", "indicator_id", "year", "period", "source_id")
SLOT = KEY[:4]
LINE_BREAK = re.compile(r"[\n\r]")
# Columns the import may set; a NULL in the staging table means "the file does not say".
OPTIONAL = ("qualifier", "status", "locator", "note")
DEFAULTS = {"qualifier": Qualifier.EXACT.value, "status": Status.REPORTED.value}
STAGED = (
    "file_row",
    *KEY,
    "value",
    "value_type",
    "as_reported",
    "default_as_reported",
    *OPTIONAL,
    "zone_text",
    "indicator_text",
)
# The staging record's positions of the key (``record``, ``importers.fast_lane``).
KEY_POSITIONS = slice(1, 6)
CREATED, UPDATED, UNCHANGED = "c", "u", "="
OWN_COLUMNS = tuple(str(field.column) for field in Observation._meta.concrete_fields)

# brings its own ("8500.6" + "亿元").
CHANGED = {
    "value": "o.value <> s.value",
    "as_reported": "(s.as_reported IS NOT NULL AND o.as_reported <> s.as_reported) OR "
    "(s.as_reported IS NULL AND o.value <> s.value AND o.as_reported <> s.default_as_reported)",
    **{name: f"s.{name} IS NOT NULL AND o.{name} <> s.{name}" for name in OPTIONAL},
}


def same_key(left: str, right: str, columns: tuple[str, ...] = KEY) -> str:
    return " AND ".join(f"{left}.{column} = {right}.{column}" for column in columns)


class History:
    """The history table's columns and what an import fills each with: the observation's
    own columns, and the date, type, user and reason of this import (what
    django-simple-history writes for a save, once for all the rows)."""

    SPECIAL = ("history_date", "history_change_reason", "history_type", "history_user_id")

    def __init__(self, connection, *, user_id: int | None, reason: str):
        self.fields = [
            field
            for field in Observation.history.model._meta.concrete_fields
            if not field.primary_key
        ]
        for field in self.fields:
            if field.column not in OWN_COLUMNS and field.column not in self.SPECIAL:
                raise LookupError(f"The history column {field.column} has no value in imports.")
        self.columns = ", ".join(field.column for field in self.fields)
        self.values = {
            "history_date": connection.ops.adapt_datetimefield_value(timezone.now()),
            "history_change_reason": reason,
            "history_user_id": user_id,
        }

    def select(self, *, alias: str, kind: str) -> tuple[str, list]:
        """The SELECT list (observation columns read from ``alias``, ``kind`` the SQL of the
        history type) and its parameters, in the order of ``columns``."""
        selected, params = [], []
        for field in self.fields:
            if field.column in OWN_COLUMNS:
                selected.append(f"{alias}.{field.column}")
            elif field.column == "history_type":
                selected.append(kind)
            else:
                selected.append("%s")
                params.append(self.values[field.column])
        return ", ".join(selected), params


def record(row: ObservationRow) -> tuple:
    fields = row.fields
    # .id, not .pk: the property's lookup is a measurable share of a 200,000-row import.
    return (
        row.row,
        row.zone.id,
        row.indicator.id,
        row.year,
        row.period,
        fields["source"].id,
        str(fields["value"]),
        row.indicator.value_type,
        fields.get("as_reported") or None,
        row.default_as_reported,
        # OPTIONAL, in its order
        fields.get("qualifier"),
        fields.get("status"),
        fields.get("locator"),
        fields.get("note"),
        row.zone_text,
        row.indicator_text,
    )


def copy_line(record: tuple) -> str:
    """One row in COPY's text format. Most rows hold no character COPY treats specially, so
    the row is joined at once and only a row with one is escaped field by field: one whose
    backslashes are not just its NULLs' (\\N), or with a line break or a tab of its own."""
    line = "\t".join(["\\N" if value is None else str(value) for value in record])
    if (
        line.count("\\") != record.count(None)
        or line.count("\t") != len(record) - 1
        or LINE_BREAK.search(line)
    ):
        line = "\t".join(copy_text(value) for value in record)
    return line + "\n"


def copy_text(value: Any) -> str:
    """One field in COPY's text format: \\N for NULL, backslash escapes for the separators."""
    if value is None:
        return "\\N"
    text = str(value)
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = (
            text.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    return text


def as_written(value: Any) -> Decimal:
    """A value read back as the steward would write it: 8400 (not 8400.0000 or 8.4E+3)."""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    return Decimal(format(number.normalize(), "f"))
