"""Writes: importing observations (and, later, other corrections stewards make).

Every write validates each object with ``full_clean()`` (the rules live in the models'
``clean()``; an observation import checks the same rules without it for a row that plainly
keeps them, ``importers.rules``), and an import is all or nothing: one refused row and
nothing is written.
"""

import itertools
from collections.abc import Callable, Iterable, Mapping
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any, BinaryIO

from django.db import DatabaseError, connection, transaction
from psycopg2.errorcodes import LOCK_NOT_AVAILABLE

from common.cache import bump_data_generation
from common.importing.base import ImportFileError, RowError, Table
from common.importing.readers import TableStream, open_table, table_from_rows
from common.importing.report import ImportReport, RowChange
from indicators.importers.fast_lane import FastLane
from indicators.importers.lookups import indicator_index, source_index, zone_index
from indicators.importers.observations import (
    RowContext,
    SameUnitOnly,
    UnitPolicy,
    duplicate_error,
    map_columns,
    parse_rows,
)
from indicators.importers.rules import RuleCheck
from indicators.importers.staging import CREATED, UNCHANGED, UPDATED, ObservationStaging
from indicators.models import Observation, Source

Progress = Callable[[str, int, int], None]


def observation_import(
    *,
    file: BinaryIO | bytes | str | Path | None = None,
    filename: str = "",
    rows: Iterable[Mapping[str, Any]] | None = None,
    dry_run: bool,
    user=None,
    default_source: Source | None = None,
    unit_policy: UnitPolicy | None = None,
    change_reason: str = "",
    progress: Progress | None = None,
    detail_limit: int | None = None,
) -> ImportReport:
    """Import observations from a CSV/XLSX ``file`` or from in-memory ``rows``.

    Columns (English or Chinese headers, see ``importers.observations.OBSERVATION_COLUMNS``):
    zone (slug, Chinese name or alias), indicator (code, Chinese name or alias), year,
    period (default full year), value, and optionally unit, as_reported, source (key;
    otherwise ``default_source``), qualifier, status, locator, note.

    The file is read as a stream, ``CHUNK_ROWS`` rows at a time: each chunk is parsed, held
    against the models' rules and staged in a temporary table (``importers.staging``), so
    memory does not grow with the file. Duplicates and the comparison with what is stored
    are then a few SQL statements. If any row is refused, or ``dry_run`` is true, nothing is
    written; otherwise the creates, the updates and their history (with ``user`` and
    ``change_reason``) are written in the same transaction, in set-based statements. While
    it compares and writes, an import locks the observation table against other writers, so
    two imports run one after the other, the second comparing with what the first wrote.
    Rows equal to what is stored are left alone: importing the same file twice changes
    nothing the second time.

    The report counts every row; its lists of changes hold every row, or the first
    ``detail_limit`` of each kind when a limit is given (a preview of a big file).

    Never raises for bad input: problems with the file or its rows come back in
    ``ImportReport.rejected``, each naming the row, the column and the reason.
    """
    report = ImportReport(dry_run=dry_run)
    tick = progress or (lambda stage, done, total: None)
    try:
        with _observation_table(file=file, filename=filename, rows=rows) as table:
            columns = map_columns(table.headers)
            report.ignored_columns = columns.ignored
            context = RowContext(
                zones=zone_index(),
                indicators=indicator_index(),
                sources=source_index(),
                default_source=default_source,
                unit_policy=unit_policy or SameUnitOnly(),
            )
            with transaction.atomic():
                if not dry_run:
                    _lock_observations()
                staging = ObservationStaging(
                    write=not dry_run,
                    user_id=getattr(user, "pk", None),
                    reason=change_reason or f"import {filename}".strip(),
                )
                _stage_rows(table, columns, context, staging, report, tick)
                _report_changes(staging, columns, report, detail_limit)
                report.rejected.sort(key=lambda e: (e.row or 0, e.column))
                if report.rejected or dry_run:
                    raise RollBack
                total = report.count("created") + report.count("updated")
                report.scope = staging.settle()
                tick("write", total, total)
                report.written = True
                bump_data_generation()
    except ImportFileError as exc:
        report.rejected.insert(0, RowError(None, "", "", str(exc)))
    except RollBack:
        pass
    except DatabaseError as exc:
        # Every rule was checked above: only another writer gets here (or waiting for one
        # longer than LOCK_WAIT). The transaction is rolled back, the database as it was.
        report.created, report.updated, report.counts, report.written = [], [], {}, False
        report.rejected.append(RowError(None, "", "", _database_refusal(exc)))
    return report


CHUNK_ROWS = 5_000
# How long an import waits for another one to finish before giving up (PostgreSQL).
LOCK_WAIT = "60s"


def _observation_table(*, file, filename: str, rows) -> AbstractContextManager[TableStream | Table]:
    if rows is not None:
        return nullcontext(table_from_rows(rows))
    if file is None:
        raise ImportFileError("没有给出文件 / No file was given.")
    return open_table(file=file, filename=filename)


def _stage_rows(table, columns, context, staging, report, tick) -> None:
    """Parse, check and stage every row of ``table`` a chunk at a time (a real import writes
    each chunk as it goes, until a row is refused); refused rows go to ``report.rejected``,
    and so do rows repeating an earlier row's key anywhere in the file."""
    check = RuleCheck(headers=columns.header)
    lane = FastLane(columns=columns, context=context, check=check, width=len(table.headers))
    done = 0
    rows = iter(table.rows)
    try:
        while chunk := list(itertools.islice(rows, CHUNK_ROWS)):
            # Plain rows go straight to their staging records; the full parse words the
            # reasons for the others.
            records, others = lane.split(chunk)
            parsed, errors = parse_rows(
                table=Table(headers=table.headers, rows=others), columns=columns, context=context
            )
            report.rejected.extend(errors)
            checked = []
            for row in parsed:
                if row_errors := check.errors(row):
                    report.rejected.extend(row_errors)
                else:
                    checked.append(row)
            if report.rejected:
                staging.stop_writing()  # the file is refused: what is staged is only counted
            staging.add(checked, records)
            done += len(chunk)
            tick("check", done, max(done, table.expected_rows))
    except BaseException:
        staging.abandon()
        raise
    staging.finish()
    tick("check", done, done)
    for number, first, *what in staging.duplicates():
        report.rejected.append(duplicate_error(number, first=first, what=what, columns=columns))


def _lock_observations() -> None:
    """Lock the observation table against other writers until the transaction ends (readers
    go on): what the import compares with cannot change before it has written."""
    table = Observation._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_WAIT}'")
            cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")
        else:
            # SQLite has one writer at a time: the first write statement of a transaction
            # takes the database's write lock, even one that changes no row.
            cursor.execute(f"UPDATE {table} SET id = id WHERE 0 = 1")


def _report_changes(staging, columns, report: ImportReport, limit: int | None) -> None:
    counts = staging.counts()
    report.counts = {
        "created": counts[CREATED],
        "updated": counts[UPDATED],
        "unchanged": counts[UNCHANGED],
    }
    # A new row sets every field the file gives, and a figure as reported in any case.
    given = ("value", "source", "qualifier", "status", "as_reported", "locator", "note")
    new_fields = tuple(
        name for name in given if columns.has(name) or name in ("value", "source", "as_reported")
    )
    for name, outcome in (("created", CREATED), ("updated", UPDATED), ("unchanged", UNCHANGED)):
        changes = getattr(report, name)
        for change in staging.changes(outcome, limit=limit):
            if outcome == CREATED:
                change["changed"] = new_fields
            changes.append(RowChange(**change))


def _database_refusal(exc: DatabaseError) -> str:
    if getattr(exc.__cause__, "pgcode", None) == LOCK_NOT_AVAILABLE:
        return (
            f"另一个导入或编辑正在写入观测值，等待 {LOCK_WAIT} 后放弃，未写入任何数据 / "
            f"Another import (or edit) was writing observations for more than {LOCK_WAIT}: "
            "nothing was written; try again when it has finished."
        )
    return (
        f"数据库拒绝写入，未写入任何数据 / The database refused the import and nothing was "
        f"written: {exc}"
    )


class RollBack(Exception):
    """Raised inside ``transaction.atomic()`` to undo a trial run."""
