"""The set-based write of an observation import: rows staged in a temporary table, compared
with the stored observations and written in a handful of statements, whatever their number.

Checked rows go into a temporary table, chunk by chunk: through ``COPY`` on PostgreSQL (the
fastest way in), through ``executemany`` on SQLite. Everything after that is SQL both
databases run: duplicates across the whole file, the comparison with what is stored (one
``UPDATE ... FROM``), the counts, the new rows (one ``INSERT ... SELECT``), the changed rows
(one ``UPDATE ... FROM``) and their history rows (one ``INSERT ... SELECT``, the rows
django-simple-history would write, with the same date, user and reason for the whole import).

The caller owns the transaction: the staging table lives inside it and a rollback leaves
nothing behind.
"""

import io
import re
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from django.db import connection
from django.utils import timezone

from indicators.models import Indicator, Observation, Qualifier, Status
from indicators.preference import preference_refresh_within
from zones.models import Zone

from .observations import ObservationRow

STAGING = "import_staging"
OBSERVATION = Observation._meta.db_table
HISTORY = Observation.history.model._meta.db_table
# A stored figure is the file's row's when it has the same slot and source.
KEY = ("zone_id", "indicator_id", "year", "period", "source_id")
SLOT = KEY[:4]
_LINE_BREAK = re.compile(r"[\n\r]")
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
CREATED, UPDATED, UNCHANGED = "c", "u", "="
OWN_COLUMNS = tuple(field.column for field in Observation._meta.concrete_fields)


class ObservationStaging:
    """The rows of one import, staged in the database.

    ``add`` stages checked rows, ``duplicates`` finds keys staged twice, ``classify`` compares
    with the stored observations, ``counts`` and ``changes`` read the outcome, ``write``
    applies it. Must be used inside ``transaction.atomic()``.
    """

    def __init__(self) -> None:
        self.vendor = connection.vendor
        numeric = "numeric(20, 4)" if self.vendor == "postgresql" else "decimal"
        with connection.cursor() as cursor:
            # A previous import in the same transaction (tests, the bulletin loader) may
            # have left its table.
            cursor.execute(f"DROP TABLE IF EXISTS {STAGING}")
            cursor.execute(
                f"CREATE TEMPORARY TABLE {STAGING} ("
                "file_row integer NOT NULL, zone_id bigint NOT NULL, indicator_id bigint NOT NULL, "
                "year integer NOT NULL, period varchar(4) NOT NULL, "
                f"value {numeric} NOT NULL, value_type varchar(8) NOT NULL, "
                "as_reported varchar(200), default_as_reported varchar(200) NOT NULL, "
                "source_id bigint NOT NULL, qualifier varchar(8), status varchar(10), "
                "locator varchar(300), note text, zone_text text, indicator_text text, "
                # A staged row is created unless classify() finds it stored: the defaults
                # spare rewriting every row of a new file.
                f"obs_id bigint, outcome char(1) NOT NULL DEFAULT '{CREATED}', "
                "contested boolean NOT NULL DEFAULT FALSE)"
            )

    def add(self, rows: Iterable[ObservationRow], records: Iterable[tuple] = ()) -> None:
        """Stage ``rows`` (already checked, one chunk of the file) and ``records``, rows
        already in their staging form (``importers.fast_lane``)."""
        records = [*records, *(_record(row) for row in rows)]
        if not records:
            return
        with connection.cursor() as cursor:
            if self.vendor == "postgresql":
                buffer = io.StringIO()
                buffer.writelines(_copy_line(record) for record in records)
                buffer.seek(0)
                cursor.copy_expert(f"COPY {STAGING} ({', '.join(STAGED)}) FROM STDIN", buffer)
            else:
                marks = ", ".join(["%s"] * len(STAGED))
                cursor.executemany(
                    f"INSERT INTO {STAGING} ({', '.join(STAGED)}) VALUES ({marks})", records
                )

    def duplicates(self) -> list[tuple[int, int, str, str, int, str]]:
        """Rows repeating the key of an earlier row: (row, first row, zone as written,
        indicator as written, year, period), in file order. They are removed from the stage.

        Called once every row is staged; on PostgreSQL it first gives the planner the
        table's statistics (a temporary table has none until analysed).
        """
        key = ", ".join(KEY)
        with connection.cursor() as cursor:
            if self.vendor == "postgresql":
                cursor.execute(f"ANALYZE {STAGING}")
            cursor.execute(
                f"SELECT d.file_row, f.first_row, d.zone_text, d.indicator_text, d.year, d.period "
                f"FROM {STAGING} d JOIN (SELECT {key}, MIN(file_row) AS first_row FROM {STAGING} "
                f"GROUP BY {key} HAVING COUNT(*) > 1) f "
                f"ON {_same_key('d', 'f')} AND d.file_row <> f.first_row ORDER BY d.file_row"
            )
            found = cursor.fetchall()
            if found:
                cursor.execute(
                    f"DELETE FROM {STAGING} WHERE file_row IN "
                    f"(SELECT d.file_row FROM {STAGING} d JOIN {STAGING} e "
                    f"ON {_same_key('d', 'e')} AND e.file_row < d.file_row)"
                )
        return found

    def classify(self) -> None:
        """Mark every staged row created, updated or unchanged against what is stored, and a
        created row ``contested`` when its slot holds (or gets) another source's figure too:
        which one is preferred is then settled after the write (``indicators.preference``)."""
        differs = " OR ".join(f"({condition})" for condition in _CHANGED.values())
        slot = ", ".join(SLOT)
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {STAGING} AS s SET obs_id = o.id, "
                f"outcome = CASE WHEN {differs} THEN '{UPDATED}' ELSE '{UNCHANGED}' END "
                f"FROM {OBSERVATION} AS o WHERE {_same_key('o', 's')}"
            )
            # Only the (few) contested rows are written.
            cursor.execute(
                f"UPDATE {STAGING} SET contested = TRUE WHERE obs_id IS NULL AND (EXISTS "
                f"(SELECT 1 FROM {OBSERVATION} o WHERE {_same_key('o', STAGING, SLOT)}) "
                f"OR ({slot}) IN (SELECT {slot} FROM {STAGING} GROUP BY {slot} "
                "HAVING COUNT(*) > 1))"
            )

    def counts(self) -> dict[str, int]:
        """How many staged rows each outcome has."""
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT outcome, COUNT(*) FROM {STAGING} GROUP BY outcome")
            found = dict(cursor.fetchall())
        return {outcome: found.get(outcome, 0) for outcome in (CREATED, UPDATED, UNCHANGED)}

    def changes(self, outcome: str, *, limit: int | None) -> Iterator[dict[str, Any]]:
        """The staged rows with ``outcome`` in file order (at most ``limit``): row, zone slug,
        indicator code, year, period, new and stored value, and the fields that change."""
        flags = ", ".join(
            f"CASE WHEN {condition} THEN 1 ELSE 0 END" for condition in _CHANGED.values()
        )
        with connection.cursor() as cursor:
            cursor.execute(
                # The rows are picked (and cut at the limit) before the joins.
                f"SELECT s.file_row, z.slug, i.code, s.year, s.period, s.value, o.value, {flags} "
                f"FROM (SELECT * FROM {STAGING} WHERE outcome = %s ORDER BY file_row"
                + ("" if limit is None else f" LIMIT {int(limit)}")
                + f") s JOIN {Zone._meta.db_table} z ON z.id = s.zone_id "
                f"JOIN {Indicator._meta.db_table} i ON i.id = s.indicator_id "
                f"LEFT JOIN {OBSERVATION} o ON o.id = s.obs_id ORDER BY s.file_row",
                [outcome],
            )
            for row, slug, code, year, period, value, old, *changed in cursor:
                yield {
                    "row": row,
                    "zone": slug,
                    "indicator": code,
                    "year": year,
                    "period": period,
                    "value": _decimal(value),
                    "old_value": None if old is None else _decimal(old),
                    "changed": tuple(
                        name for name, flag in zip(_CHANGED, changed, strict=True) if flag
                    ),
                }

    def write(self, *, user_id: int | None, reason: str) -> dict[str, set[int]]:
        """Insert the created rows, update the changed ones and record both in the history;
        a slot that now holds several sources' figures prefers one (``indicators.preference``).
        Returns the ids of the zones and indicators written to."""
        optional = {
            name: f"COALESCE(s.{name}, %s)" if name in DEFAULTS else f"COALESCE(s.{name}, '')"
            for name in OPTIONAL
        }
        insert = (
            f"INSERT INTO {OBSERVATION} ({', '.join(KEY)}, value, value_type, as_reported, "
            f"{', '.join(OPTIONAL)}, preferred, steward_preferred) "
            f"SELECT {', '.join(f's.{c}' for c in KEY)}, s.value, s.value_type, "
            f"COALESCE(s.as_reported, s.default_as_reported), "
            f"{', '.join(optional.values())}, "
            "CASE WHEN s.contested THEN FALSE ELSE TRUE END, FALSE "
            f"FROM {STAGING} s WHERE s.outcome = '{CREATED}'"
        )
        insert_params = [DEFAULTS["qualifier"], DEFAULTS["status"]]
        update = (
            f"UPDATE {OBSERVATION} AS o SET value = s.value, "
            "as_reported = COALESCE(s.as_reported, CASE WHEN o.value <> s.value "
            "THEN s.default_as_reported ELSE o.as_reported END), "
            + ", ".join(f"{name} = COALESCE(s.{name}, o.{name})" for name in OPTIONAL)
            + f" FROM {STAGING} AS s WHERE o.id = s.obs_id AND s.outcome = '{UPDATED}'"
        )
        history = _History(user_id=user_id, reason=reason)
        with connection.cursor() as cursor:
            if self.vendor == "postgresql":
                # Each statement hands the rows it wrote straight to their history rows,
                # without looking them up again.
                for statement, params, kind, prefix in (
                    (insert, insert_params, "+", ""),
                    (update, [], "~", "o."),
                ):
                    returning = ", ".join(prefix + column for column in OWN_COLUMNS)
                    selected, history_params = history.select(alias="w", kind=f"'{kind}'")
                    cursor.execute(
                        f"WITH w AS ({statement} RETURNING {returning}) "
                        f"INSERT INTO {HISTORY} ({history.columns}) SELECT {selected} FROM w",
                        params + history_params,
                    )
            else:
                cursor.execute(insert, insert_params)
                cursor.execute(update)
                kind = f"CASE WHEN s.outcome = '{CREATED}' THEN '+' ELSE '~' END"
                selected, history_params = history.select(alias="o", kind=kind)
                cursor.execute(
                    f"INSERT INTO {HISTORY} ({history.columns}) SELECT {selected} "
                    f"FROM {STAGING} s JOIN {OBSERVATION} o ON {_same_key('o', 's')} "
                    f"WHERE s.outcome IN ('{CREATED}', '{UPDATED}')",
                    history_params,
                )
            cursor.execute(f"SELECT 1 FROM {STAGING} WHERE contested LIMIT 1")
            if cursor.fetchone():
                preference_refresh_within(
                    scope=f"SELECT {', '.join(SLOT)} FROM {STAGING} WHERE contested"
                )
            scope: dict[str, set[int]] = {"zone": set(), "indicator": set()}
            cursor.execute(
                f"SELECT DISTINCT zone_id, indicator_id FROM {STAGING} "
                f"WHERE outcome IN ('{CREATED}', '{UPDATED}')"
            )
            for zone_id, indicator_id in cursor.fetchall():
                scope["zone"].add(zone_id)
                scope["indicator"].add(indicator_id)
            cursor.execute(f"DROP TABLE {STAGING}")
        return scope


# What makes a stored observation (o) differ from a staged row (s), field by field: a field
# the file does not give (NULL) never differs; without a figure as reported, a new value
# brings its own ("8500.6" + "亿元").
_CHANGED = {
    "value": "o.value <> s.value",
    "as_reported": "(s.as_reported IS NOT NULL AND o.as_reported <> s.as_reported) OR "
    "(s.as_reported IS NULL AND o.value <> s.value AND o.as_reported <> s.default_as_reported)",
    **{name: f"s.{name} IS NOT NULL AND o.{name} <> s.{name}" for name in OPTIONAL},
}


def _same_key(left: str, right: str, columns: tuple[str, ...] = KEY) -> str:
    return " AND ".join(f"{left}.{column} = {right}.{column}" for column in columns)


class _History:
    """The history table's columns and what an import fills each with: the observation's
    own columns, and the date, type, user and reason of this import (what
    django-simple-history writes for a save, once for all the rows)."""

    SPECIAL = ("history_date", "history_change_reason", "history_type", "history_user_id")

    def __init__(self, *, user_id: int | None, reason: str):
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


def _record(row: ObservationRow) -> tuple:
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


def _copy_line(record: tuple) -> str:
    """One row in COPY's text format. Most rows hold no character COPY treats specially, so
    the row is joined at once and only a row with one is escaped field by field: one whose
    backslashes are not just its NULLs' (\\N), or with a line break or a tab of its own."""
    line = "\t".join(["\\N" if value is None else str(value) for value in record])
    if (
        line.count("\\") != record.count(None)
        or line.count("\t") != len(record) - 1
        or _LINE_BREAK.search(line)
    ):
        line = "\t".join(_copy_text(value) for value in record)
    return line + "\n"


def _copy_text(value: Any) -> str:
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


def _decimal(value: Any) -> Decimal:
    """A value read back as the steward would write it: 8400 (not 8400.0000 or 8.4E+3)."""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    return Decimal(format(number.normalize(), "f"))
