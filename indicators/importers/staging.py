"""The set-based write of an observation import: rows staged in temporary tables, compared
with the stored observations and written in a handful of statements per chunk, whatever their
number.

Checked rows arrive chunk by chunk. Each chunk goes into a small temporary table through
``COPY`` on PostgreSQL (the fastest way in), through ``executemany`` on SQLite, is compared
with what is stored (one ``UPDATE ... FROM``, which keeps the stored value and the fields that
change for the report) and, in a real import whose rows have all passed so far, written at
once: the new rows (one ``INSERT ... SELECT``), the changed rows (one ``UPDATE ... FROM``) and
their history rows (the rows django-simple-history would write, with the same date, user and
reason for the whole import). The chunk then joins the table of the whole file, on which
duplicates across the file, the counts and the lists of changes are read at the end.

On PostgreSQL the chunks are handed to a second thread, which works on the same connection
(one transaction) while the file's next rows are read and checked, so the database and
Python work at the same time. And where the role may, the new rows skip the database's
per-row foreign-key checks: the chunk's zones, indicators, sources (and the import's user)
are first locked ``FOR KEY SHARE`` (the lock those checks take) and found all present, which
is what the checks would have established row by row. The constraints stay in the schema
and every other write is checked as usual.

A refused row, wherever it stands, means nothing written: the caller rolls the transaction
back, which undoes the chunks already written. The caller owns the transaction: the staging
tables live inside it and a rollback leaves nothing behind.
"""

import io
from collections.abc import Iterable, Iterator
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections

from indicators.models import Indicator
from indicators.preference import preference_refresh_within
from zones.models import Zone

from .observations import ObservationRow
from .staging_format import (
    CHANGED,
    CHUNK,
    CREATED,
    DEFAULTS,
    HISTORY,
    KEY,
    KEY_POSITIONS,
    OBSERVATION,
    OPTIONAL,
    OWN_COLUMNS,
    SLOT,
    STAGED,
    STAGING,
    UNCHANGED,
    UPDATED,
    History,
    as_written,
    copy_line,
    record,
    same_key,
)
from .staging_postgres import Worker, keep_statistics, may_skip_reference_checks, references_held

__all__ = ["CREATED", "UNCHANGED", "UPDATED", "ObservationStaging"]

# Rows staged (and written) together: big enough that the statements of a batch are few
# against its rows, small enough that the first batch reaches the database soon.
BATCH_ROWS = 20_000


class ObservationStaging:
    """The rows of one import, staged in the database (and written as they come when
    ``write`` is true).

    ``add`` stages (and writes) one chunk of checked rows, ``finish`` waits until every chunk
    is in, ``duplicates`` then finds keys staged twice, ``counts`` and ``changes`` read the
    outcome and ``settle`` completes a written import. Must be used inside
    ``transaction.atomic()``; a real import must have locked the observations first.
    """

    def __init__(self, *, write: bool = False, user_id: int | None = None, reason: str = ""):
        self.connection = connections[DEFAULT_DB_ALIAS]
        self.vendor = self.connection.vendor
        self.writing = write
        self.wrote = False
        # Rows of the file written so far (an upper bound of the rows this import added).
        self.written_rows = 0
        self.history = History(self.connection, user_id=user_id, reason=reason)
        self.user_id = user_id
        numeric = "numeric(20, 4)" if self.vendor == "postgresql" else "decimal"
        columns = (
            "file_row integer NOT NULL, zone_id bigint NOT NULL, indicator_id bigint NOT NULL, "
            "year integer NOT NULL, period varchar(4) NOT NULL, "
            f"value {numeric} NOT NULL, value_type varchar(8) NOT NULL, "
            "as_reported varchar(200), default_as_reported varchar(200) NOT NULL, "
            "source_id bigint NOT NULL, qualifier varchar(8), status varchar(10), "
            "locator varchar(300), note text, zone_text text, indicator_text text, "
            # A staged row is created unless compared equal to (or different from) a stored
            # one: the defaults spare rewriting every row of a new file. ``changed`` has a
            # bit for each field of CHANGED that differs, ``old_value`` the stored value.
            f"obs_id bigint, outcome char(1) NOT NULL DEFAULT '{CREATED}', "
            f"old_value {numeric}, changed integer NOT NULL DEFAULT 0, "
            "contested boolean NOT NULL DEFAULT FALSE"
        )
        with self.connection.cursor() as cursor:
            for table in (STAGING, CHUNK):
                # A previous import in the same transaction (tests, the bulletin loader) may
                # have left its tables.
                cursor.execute(f"DROP TABLE IF EXISTS {table}")
                cursor.execute(f"CREATE TEMPORARY TABLE {table} ({columns})")
            self.unchecked = write and may_skip_reference_checks(cursor, self.connection)
        self._pending: list[tuple] = []
        self._worker: Worker | None = None
        if self.vendor == "postgresql":
            self._worker = Worker(self.connection, self._stage_chunk)

    def add(self, rows: Iterable[ObservationRow], records: Iterable[tuple] = ()) -> None:
        """Stage (and, while writing, write) ``rows`` (already checked, one chunk of the
        file) and ``records``, rows already in their staging form (``importers.fast_lane``).
        On PostgreSQL the chunk is handed to the staging thread and this returns at once."""
        self._pending.extend(records)
        self._pending.extend(record(row) for row in rows)
        if len(self._pending) >= BATCH_ROWS:
            self._dispatch()

    def _dispatch(self) -> None:
        """Stage the rows gathered so far, as one batch."""
        records, self._pending = self._pending, []
        if not records:
            return
        # A key twice in one batch would break the table's unique constraint before the
        # duplicate is reported; the file is refused in any case, so nothing more is written.
        if len({record[KEY_POSITIONS] for record in records}) < len(records):
            self.stop_writing()
        if self._worker is None:
            self._stage_chunk(records, self.writing)
        else:
            self._worker.put((records, self.writing))

    def stop_writing(self) -> None:
        """Write no more chunks: a row was refused, and the transaction will be rolled back."""
        self.writing = False

    def finish(self) -> None:
        """Wait until every chunk is staged; raises what the staging thread raised."""
        self._dispatch()
        if self._worker is not None:
            self._worker.close()

    def abandon(self) -> None:
        """Wait for the staging thread without raising (the caller has its own error): the
        connection is then the caller's alone again, to roll back."""
        self.writing = False
        self._pending = []
        if self._worker is not None:
            self._worker.close(raising=False)

    def duplicates(self) -> list[tuple[int, int, str, str, int, str]]:
        """Rows repeating the key of an earlier row: (row, first row, zone as written,
        indicator as written, year, period), in file order. They are removed from the stage.

        Called once every row is staged; on PostgreSQL it first gives the planner the
        table's statistics (a temporary table has none until analysed).
        """
        key = ", ".join(KEY)
        with self.connection.cursor() as cursor:
            if self.vendor == "postgresql":
                cursor.execute(f"ANALYZE {STAGING}")
            cursor.execute(
                f"SELECT d.file_row, f.first_row, d.zone_text, d.indicator_text, d.year, d.period "
                f"FROM {STAGING} d JOIN (SELECT {key}, MIN(file_row) AS first_row FROM {STAGING} "
                f"GROUP BY {key} HAVING COUNT(*) > 1) f "
                f"ON {same_key('d', 'f')} AND d.file_row <> f.first_row ORDER BY d.file_row"
            )
            found = cursor.fetchall()
            if found:
                cursor.execute(
                    f"DELETE FROM {STAGING} WHERE file_row IN "
                    f"(SELECT d.file_row FROM {STAGING} d JOIN {STAGING} e "
                    f"ON {same_key('d', 'e')} AND e.file_row < d.file_row)"
                )
        return found

    def counts(self) -> dict[str, int]:
        """How many staged rows each outcome has."""
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT outcome, COUNT(*) FROM {STAGING} GROUP BY outcome")
            found = dict(cursor.fetchall())
        return {outcome: found.get(outcome, 0) for outcome in (CREATED, UPDATED, UNCHANGED)}

    def changes(self, outcome: str, *, limit: int | None) -> Iterator[dict[str, Any]]:
        """The staged rows with ``outcome`` in file order (at most ``limit``): row, zone slug,
        indicator code, year, period, new and stored value, and the fields that change."""
        with self.connection.cursor() as cursor:
            cursor.execute(
                # The rows are picked (and cut at the limit) before the joins.
                f"SELECT s.file_row, z.slug, i.code, s.year, s.period, s.value, s.old_value, "
                f"s.changed FROM (SELECT * FROM {STAGING} WHERE outcome = %s ORDER BY file_row"
                + ("" if limit is None else f" LIMIT {int(limit)}")
                + f") s JOIN {Zone._meta.db_table} z ON z.id = s.zone_id "
                f"JOIN {Indicator._meta.db_table} i ON i.id = s.indicator_id ORDER BY s.file_row",
                [outcome],
            )
            for row, slug, code, year, period, value, old, changed in cursor:
                yield {
                    "row": row,
                    "zone": slug,
                    "indicator": code,
                    "year": year,
                    "period": period,
                    "value": as_written(value),
                    "old_value": None if old is None else as_written(old),
                    "changed": tuple(
                        name for bit, name in enumerate(CHANGED) if changed & (1 << bit)
                    ),
                }

    def settle(self) -> dict[str, set[int]]:
        """Complete a written import: a slot that now holds several sources' figures prefers
        one (``indicators.preference``). Returns the ids of the zones and indicators written
        to."""
        with self.connection.cursor() as cursor:
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
            cursor.execute(f"DROP TABLE {CHUNK}")
        return scope

    def _stage_chunk(self, records: list[tuple], write: bool) -> None:
        """Put one chunk in the chunk table, compare it with what is stored, write it when
        ``write``, and add it to the table of the whole file."""
        with self.connection.cursor() as cursor:
            if self.vendor == "postgresql":
                cursor.execute(f"TRUNCATE {CHUNK}")
                buffer = io.StringIO()
                buffer.writelines(copy_line(record) for record in records)
                size = buffer.tell()
                buffer.seek(0)
                # Read in one piece: each read would otherwise wait for the other thread to
                # hand back the interpreter.
                # (size positional: Django's debug cursor passes on positional arguments only)
                cursor.copy_expert(
                    f"COPY {CHUNK} ({', '.join(STAGED)}) FROM STDIN", buffer, size + 1
                )
                # The comparison below should look each row up in the unique index.
                analyze = f"ANALYZE {CHUNK}; "
                keep_statistics(cursor, self.written_rows)
            else:
                cursor.execute(f"DELETE FROM {CHUNK}")
                marks = ", ".join(["%s"] * len(STAGED))
                cursor.executemany(
                    f"INSERT INTO {CHUNK} ({', '.join(STAGED)}) VALUES ({marks})", records
                )
                analyze = ""
            self._classify(cursor, analyze)
            if write:
                self._write(cursor)
                self.written_rows += len(records)
            cursor.execute(f"INSERT INTO {STAGING} SELECT * FROM {CHUNK}")

    def _classify(self, cursor, analyze: str) -> None:
        """Mark every row of the chunk created, updated or unchanged against what is stored,
        and a created row ``contested`` when its slot holds (or gets) another source's figure
        too: which one is preferred is then settled once all is written (``settle``)."""
        changed = " + ".join(
            f"CASE WHEN {condition} THEN {1 << bit} ELSE 0 END"
            for bit, condition in enumerate(CHANGED.values())
        )
        slot = ", ".join(SLOT)
        statements = [
            f"UPDATE {CHUNK} AS s SET obs_id = o.id, old_value = o.value, changed = {changed}, "
            f"outcome = CASE WHEN ({changed}) > 0 THEN '{UPDATED}' ELSE '{UNCHANGED}' END "
            f"FROM {OBSERVATION} AS o WHERE {same_key('o', 's')}",
            # Only the (few) contested rows are written. A slot filled by an earlier batch is
            # stored by now; one filled by a later batch is caught there, and ``settle``
            # looks at the whole slot.
            f"UPDATE {CHUNK} SET contested = TRUE WHERE obs_id IS NULL AND (EXISTS "
            f"(SELECT 1 FROM {OBSERVATION} o WHERE {same_key('o', CHUNK, SLOT)}) "
            f"OR ({slot}) IN (SELECT {slot} FROM {CHUNK} GROUP BY {slot} HAVING COUNT(*) > 1))",
        ]
        if self.vendor == "postgresql":
            # One round trip: each one is a wait for the interpreter on the way back.
            cursor.execute(analyze + "; ".join(statements))
        else:
            for statement in statements:
                cursor.execute(statement)

    def _write(self, cursor) -> None:
        """Insert the chunk's created rows, update its changed ones and record both in the
        history."""
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
            f"FROM {CHUNK} s WHERE s.outcome = '{CREATED}'"
        )
        insert_params = [DEFAULTS["qualifier"], DEFAULTS["status"]]
        update = (
            f"UPDATE {OBSERVATION} AS o SET value = s.value, "
            "as_reported = COALESCE(s.as_reported, CASE WHEN o.value <> s.value "
            "THEN s.default_as_reported ELSE o.as_reported END), "
            + ", ".join(f"{name} = COALESCE(s.{name}, o.{name})" for name in OPTIONAL)
            + f" FROM {CHUNK} AS s WHERE o.id = s.obs_id AND s.outcome = '{UPDATED}'"
        )
        history = self.history
        self.wrote = True
        if self.vendor != "postgresql":
            cursor.execute(insert, insert_params)
            cursor.execute(update)
            kind = f"CASE WHEN s.outcome = '{CREATED}' THEN '+' ELSE '~' END"
            selected, history_params = history.select(alias="o", kind=kind)
            cursor.execute(
                f"INSERT INTO {HISTORY} ({history.columns}) SELECT {selected} "
                f"FROM {CHUNK} s JOIN {OBSERVATION} o ON {same_key('o', 's')} "
                f"WHERE s.outcome IN ('{CREATED}', '{UPDATED}')",
                history_params,
            )
            return
        unchecked = self.unchecked and references_held(cursor, self.user_id)
        # Each statement hands the rows it wrote straight to their history rows, without
        # looking them up again; all go in one round trip.
        statements, params = [], []
        for statement, statement_params, kind, prefix in (
            (insert, insert_params, "+", ""),
            (update, [], "~", "o."),
        ):
            returning = ", ".join(prefix + column for column in OWN_COLUMNS)
            selected, history_params = history.select(alias="w", kind=f"'{kind}'")
            statements.append(
                f"WITH w AS ({statement} RETURNING {returning}) "
                f"INSERT INTO {HISTORY} ({history.columns}) SELECT {selected} FROM w"
            )
            params += statement_params + history_params
        if unchecked:
            statements = [
                "SET LOCAL session_replication_role = replica",
                *statements,
                "SET LOCAL session_replication_role = origin",
            ]
        cursor.execute("; ".join(statements), params)
