"""Writes: importing observations (and, later, other corrections stewards make).

Every write validates each object with ``full_clean()`` (the rules live in the models'
``clean()``; an observation import checks the same rules without it for a row that plainly
keeps them, ``importers.rules``), and an import is all or nothing: one refused row and
nothing is written.
"""

import itertools
from collections.abc import Callable, Iterable, Mapping
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, BinaryIO

from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from psycopg2.errorcodes import LOCK_NOT_AVAILABLE
from simple_history.utils import bulk_create_with_history

from common.cache import bump_data_generation
from common.i18n import bilingual_message_dict
from common.importing.base import ImportFileError, RowError, Table
from common.importing.readers import TableStream, open_table, read_table, table_from_rows
from common.importing.report import ImportReport, RowChange
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
                staging = ObservationStaging()
                _stage_rows(table, columns, context, staging, report, tick)
                if not dry_run:
                    _lock_observations()
                staging.classify()
                _report_changes(staging, columns, report, detail_limit)
                report.rejected.sort(key=lambda e: (e.row or 0, e.column))
                if report.rejected or dry_run:
                    raise _RollBack
                total = report.count("created") + report.count("updated")
                tick("write", 0, total)
                user_id = getattr(user, "pk", None)
                staging.write(user_id=user_id, reason=change_reason or f"import {filename}".strip())
                tick("write", total, total)
                report.written = True
                bump_data_generation()
    except ImportFileError as exc:
        report.rejected.insert(0, RowError(None, "", "", str(exc)))
    except _RollBack:
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
    """Parse, check and stage every row of ``table`` a chunk at a time; refused rows go to
    ``report.rejected``, and so do rows repeating an earlier row's key anywhere in the file."""
    check = RuleCheck(headers=columns.header)
    done = 0
    rows = iter(table.rows)
    while chunk := list(itertools.islice(rows, CHUNK_ROWS)):
        parsed, errors = parse_rows(
            table=Table(headers=table.headers, rows=chunk), columns=columns, context=context
        )
        report.rejected.extend(errors)
        checked = []
        for row in parsed:
            if row_errors := check.errors(row):
                report.rejected.extend(row_errors)
            else:
                checked.append(row)
        staging.add(checked)
        done += len(chunk)
        tick("check", done, max(done, table.expected_rows))
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


@dataclass
class BulletinReport:
    """The outcome of loading a bulletin file (``bulletin_load``).

    Every data row of the file ends in exactly one of ``created``, ``updated``, ``unchanged``
    or the refused rows (``rejected`` with a row number), so their counts add up to
    ``total_rows``. ``rejected`` entries with ``row=None`` are file-level failures: then
    nothing is written.
    """

    dry_run: bool
    total_rows: int = 0
    created: list[RowChange] = field(default_factory=list)
    updated: list[RowChange] = field(default_factory=list)
    unchanged: list[RowChange] = field(default_factory=list)
    rejected: list[RowError] = field(default_factory=list)
    sources_created: int = 0
    sources_reused: int = 0
    cohort_statistics: int = 0  # rows stored as statistics of a cohort (全国国家高新区)
    derived_means: list = field(default_factory=list)  # cohort means created or updated
    written: bool = False

    @property
    def file_errors(self) -> list[RowError]:
        return [error for error in self.rejected if error.row is None]

    @property
    def refused_rows(self) -> int:
        return len({error.row for error in self.rejected if error.row is not None})

    def summary(self) -> str:
        outcome = (
            "已写入 / written"
            if self.written
            else "试运行，未写入 / dry run, nothing written"
            if self.dry_run and not self.file_errors
            else "未写入 / nothing written"
        )
        return (
            f"行 rows {self.total_rows}: 新增 created {len(self.created)}, "
            f"更新 updated {len(self.updated)}, 未变 unchanged {len(self.unchanged)}, "
            f"拒绝 refused {self.refused_rows}{self._cohort_part()}; 来源 sources: 新增 created "
            f"{self.sources_created}, 沿用 reused {self.sources_reused}: {outcome}"
        )

    def _cohort_part(self) -> str:
        if not (self.cohort_statistics or self.derived_means):
            return ""
        return (
            f" (其中对标组统计值 of which cohort statistics {self.cohort_statistics}; "
            f"推算均值新增或更新 cohort means derived {len(self.derived_means)})"
        )


class _RollBack(Exception):
    """Raised inside ``transaction.atomic()`` to undo a trial run."""


def bulletin_load(
    *,
    file: BinaryIO | bytes | str | Path,
    filename: str = "",
    dry_run: bool,
    strict: bool = False,
    user=None,
) -> BulletinReport:
    """Load a bulletin file (format: ``importers.bulletins``) through ``observation_import``.

    Creates the ``Source`` of each address (or of each zone and note, for rows without one)
    that does not exist yet, and reuses an existing one as it stands, so a steward's edits of
    a source in the admin are kept. Figures are converted into their indicator's unit
    (``TableUnits``) and keep the figure as written in ``as_reported``; the row's note
    becomes the observation's note.

    A row that cannot be loaded is refused with its reason (an unknown zone, indicator, unit
    or source kind, a value out of range, or a key already held by a figure of a source that
    is not a bulletin: a bulletin never overwrites the documents' figures) and the other rows
    are loaded; with ``strict`` one refused row and nothing is written. Everything is written
    in one transaction, or not at all on a file-level failure or a ``dry_run``. Loading the
    same file twice changes nothing the second time. Never raises for bad input.
    """
    from indicators.cohort_services import (
        cohort_means_derive,
        cohort_names,
        cohort_statistic_plan,
        cohort_statistic_save,
    )
    from indicators.importers.bulletins import TableUnits, bulletin_rows

    report = BulletinReport(dry_run=dry_run)
    try:
        table = read_table(file=file, filename=filename)
        mapped = bulletin_rows(table=table, cohorts=cohort_names())
    except ImportFileError as exc:
        report.rejected.append(RowError(None, "", "", str(exc)))
        return report
    report.total_rows = len(table.rows)
    report.rejected.extend(mapped.refused)
    reason = f"load_bulletins {filename}".strip()

    existing = Source.objects.in_bulk(list(mapped.sources), field_name="key")
    bad_source: dict[str, str] = {}
    for key, spec in mapped.sources.items():
        if key not in existing:
            try:
                _bulletin_source(spec).full_clean(validate_unique=False)
            except ValidationError as exc:
                bad_source[key] = "; ".join(
                    f"{name}: {' '.join(messages)}"
                    for name, messages in bilingual_message_dict(exc).items()
                )
    candidates = []
    for index, row in enumerate(mapped.rows):
        if row["source"] in bad_source:
            spec = mapped.sources[row["source"]]
            report.rejected.append(
                RowError(mapped.numbers[index], "source_url", spec.url, bad_source[row["source"]])
            )
        else:
            candidates.append(index)
    for number, row in zip(mapped.cohort_numbers, mapped.cohort_rows, strict=True):
        if row["source"] in bad_source:
            spec = mapped.sources[row["source"]]
            report.rejected.append(
                RowError(number, "source_url", spec.url, bad_source[row["source"]])
            )
    cohort_rows = [
        (number, row)
        for number, row in zip(mapped.cohort_numbers, mapped.cohort_rows, strict=True)
        if row["source"] not in bad_source
    ]

    try:
        with transaction.atomic():
            accepted = _bulletin_trial(mapped, candidates, existing, report)
            cohort_plan = cohort_statistic_plan(
                rows=[row for _, row in cohort_rows],
                numbers=[number for number, _ in cohort_rows],
                sources=mapped.sources,
            )
            report.rejected.extend(cohort_plan.refused)
            if report.file_errors or (strict and report.rejected):
                raise _RollBack
            rows = [mapped.rows[index] for index in accepted]
            keys = {row["source"] for row in rows} | cohort_plan.source_keys
            new = [_bulletin_source(mapped.sources[k]) for k in sorted(keys - set(existing))]
            bulk_create_with_history(new, Source, default_user=user, default_change_reason=reason)
            report.sources_created = len(new)
            if rows:
                result = observation_import(
                    rows=rows,
                    dry_run=False,
                    user=user,
                    unit_policy=TableUnits(),
                    change_reason=reason,
                )
                if not result.written:
                    # The trial accepted these rows; only a concurrent change gets here.
                    report.rejected.extend(
                        RowError(None, e.column, e.value, e.message) for e in result.rejected
                    )
                    raise _RollBack
                numbers = [mapped.numbers[index] for index in accepted]
                for name in ("created", "updated", "unchanged"):
                    getattr(report, name).extend(
                        replace(change, row=numbers[change.row - 2])
                        for change in getattr(result, name)
                    )
            cohort_statistic_save(plan=cohort_plan, user=user, change_reason=reason)
            for name in ("created", "updated", "unchanged"):
                getattr(report, name).extend(getattr(cohort_plan, name))
            report.cohort_statistics = sum(
                len(getattr(cohort_plan, name)) for name in ("created", "updated", "unchanged")
            )
            report.derived_means = cohort_means_derive(
                cohorts={row["cohort"] for _, row in cohort_rows},
                user=user,
                change_reason=reason,
            )
            refused = {error.row for error in report.rejected}
            used = {
                row["source"]
                for number, row in [
                    *zip(mapped.numbers, mapped.rows, strict=True),
                    *cohort_rows,
                ]
                if number not in refused
            }
            report.sources_reused = len(used & set(existing))
            if dry_run:
                raise _RollBack
            report.written = True
            bump_data_generation()
    except _RollBack:
        pass
    report.rejected.sort(key=lambda e: (e.row or 0, e.column))
    return report


def _bulletin_source(spec) -> Source:
    return Source(
        key=spec.key,
        title=spec.title,
        publisher=spec.publisher,
        kind=spec.kind,
        reliability=spec.reliability,
        url=spec.url,
        note=spec.note,
    )


def _bulletin_trial(mapped, candidates: list[int], existing: dict, report: BulletinReport):
    """Dry-run ``candidates`` (indexes into ``mapped.rows``) with their sources in place, then
    undo it; record the refused rows in ``report`` and return the indexes that would load."""
    from indicators.importers.bulletins import KEEP, TableUnits, stored_figure_verdict

    if not candidates:
        return []
    rows = [mapped.rows[index] for index in candidates]
    try:
        with transaction.atomic():
            missing = {row["source"] for row in rows} - set(existing)
            Source.objects.bulk_create([_bulletin_source(mapped.sources[k]) for k in missing])
            trial = observation_import(rows=rows, dry_run=True, unit_policy=TableUnits())
            raise _RollBack
    except _RollBack:
        pass
    refused = set()
    for error in trial.rejected:
        if error.row is None:
            report.rejected.append(error)
            continue
        refused.add(error.row)
        report.rejected.append(replace(error, row=mapped.numbers[candidates[error.row - 2]]))
    # A figure a document gave, or a bulletin source at least as reliable, is not overwritten.
    stored = [*trial.updated, *trial.unchanged]
    held = {
        (zone, code, year, period): rest
        for zone, code, year, period, *rest in Observation.objects.filter(
            zone__slug__in={c.zone for c in stored},
            indicator__code__in={c.indicator for c in stored},
            year__in={c.year for c in stored},
        ).values_list(
            "zone__slug",
            "indicator__code",
            "year",
            "period",
            "source__key",
            "source__reliability",
            "value",
            "as_reported",
        )
    }
    for change in stored:
        index = candidates[change.row - 2]
        key, reliability, value, as_reported = held[
            (change.zone, change.indicator, change.year, change.period)
        ]
        row_source = mapped.rows[index]["source"]
        verdict = stored_figure_verdict(
            stored_key=key,
            stored_reliability=reliability,
            stored_value=value,
            stored_as_reported=as_reported,
            key=row_source,
            reliability=mapped.sources[row_source].reliability,
            value=change.value,
        )
        if verdict is None:
            continue
        refused.add(change.row)
        if verdict == KEEP:
            report.unchanged.append(replace(change, row=mapped.numbers[index], changed=()))
        else:
            report.rejected.append(RowError(mapped.numbers[index], "", change.label, verdict))
    return [index for number, index in enumerate(candidates, start=2) if number not in refused]
