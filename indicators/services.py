"""Writes: importing observations (and, later, other corrections stewards make).

Every write validates each object with ``full_clean()`` (the rules live in the models'
``clean()``), and an import is all or nothing: one refused row and nothing is written.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO

from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from common.cache import bump_data_generation
from indicators.importers import ImportFileError, RowError, read_table, table_from_rows
from indicators.importers.lookups import indicator_index, source_index, zone_index
from indicators.importers.observations import (
    ObservationRow,
    RowContext,
    SameUnitOnly,
    UnitPolicy,
    map_columns,
    parse_rows,
)
from indicators.models import Observation, Source

BATCH_SIZE = 500
# Fields an import may set; compared one by one to tell "updated" from "unchanged".
IMPORTED_FIELDS = ("value", "as_reported", "source", "qualifier", "status", "locator", "note")
# full_clean() skips these: the importer resolved them from the database itself (checking
# them again would cost three queries a row), and uniqueness is checked on the whole file.
CLEAN_EXCLUDE = ["zone", "indicator", "source"]

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class RowChange:
    """What the import does (or would do) with one row."""

    row: int
    zone: str
    indicator: str
    year: int
    period: str
    value: Decimal
    old_value: Decimal | None = None
    changed: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return f"{self.zone} / {self.indicator} / {self.year} {self.period}"


@dataclass
class ImportReport:
    """The outcome of an import, or of its dry run.

    ``written`` is True only when the rows were saved: never on a dry run, never when any row
    was rejected. ``rejected`` holds file-level problems (``row is None``) and row errors.
    """

    dry_run: bool
    created: list[Any] = field(default_factory=list)
    updated: list[Any] = field(default_factory=list)
    unchanged: list[Any] = field(default_factory=list)
    rejected: list[RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.rejected

    @property
    def rejected_rows(self) -> int:
        return len({error.row for error in self.rejected})

    def summary(self) -> str:
        outcome = (
            "无变化 / nothing to change"
            if self.written and not (self.created or self.updated)
            else "已写入 / written"
            if self.written
            else "试运行，未写入 / dry run, nothing written"
            if self.dry_run and self.ok
            else "已拒绝，未写入 / refused, nothing written"
        )
        return (
            f"新增 created {len(self.created)}, 更新 updated {len(self.updated)}, "
            f"未变 unchanged {len(self.unchanged)}, 拒绝 rejected rows {self.rejected_rows} "
            f"({len(self.rejected)} errors): {outcome}"
        )


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
) -> ImportReport:
    """Import observations from a CSV/XLSX ``file`` or from in-memory ``rows``.

    Columns (English or Chinese headers, see ``importers.observations.OBSERVATION_COLUMNS``):
    zone (slug, Chinese name or alias), indicator (code, Chinese name or alias), year,
    period (default full year), value, and optionally unit, as_reported, source (key;
    otherwise ``default_source``), qualifier, status, locator, note.

    Every row is parsed and every object passes ``full_clean()`` before anything is written.
    If any row is refused, or ``dry_run`` is true, nothing is written; otherwise all creates
    and updates are written in one transaction with bulk queries, each recorded in the
    history with ``user`` and ``change_reason``. Rows equal to what is stored are left alone,
    so importing the same file twice changes nothing the second time.

    Never raises for bad input: problems with the file or its rows come back in
    ``ImportReport.rejected``, each naming the row, the column and the reason.
    """
    report = ImportReport(dry_run=dry_run)
    tick = progress or (lambda stage, done, total: None)
    try:
        if rows is not None:
            table = table_from_rows(rows)
        elif file is not None:
            table = read_table(file=file, filename=filename)
        else:
            raise ImportFileError("没有给出文件 / No file was given.")
        columns = map_columns(table.headers)
    except ImportFileError as exc:
        report.rejected.append(RowError(None, "", "", str(exc)))
        return report
    report.ignored_columns = columns.ignored

    context = RowContext(
        zones=zone_index(),
        indicators=indicator_index(),
        sources=source_index(),
        default_source=default_source,
        unit_policy=unit_policy or SameUnitOnly(),
    )
    parsed, errors = parse_rows(table=table, columns=columns, context=context)
    report.rejected.extend(errors)
    tick("parse", len(table.rows), len(table.rows))

    try:
        with transaction.atomic():
            existing = _existing_observations(parsed)
            to_create, to_update = _plan(parsed, existing, columns.header, report, tick)
            report.rejected.sort(key=lambda e: (e.row or 0, e.column))
            if report.rejected or dry_run:
                return report
            reason = change_reason or f"import {filename}".strip()
            bulk_create_with_history(
                to_create,
                Observation,
                batch_size=BATCH_SIZE,
                default_user=user,
                default_change_reason=reason,
            )
            tick("write", len(to_create), len(to_create) + len(to_update))
            if to_update:
                bulk_update_with_history(
                    to_update,
                    Observation,
                    fields=list(IMPORTED_FIELDS),
                    batch_size=BATCH_SIZE,
                    default_user=user,
                    default_change_reason=reason,
                )
            tick("write", len(to_create) + len(to_update), len(to_create) + len(to_update))
            report.written = True
            bump_data_generation()
    except (IntegrityError, DatabaseError) as exc:
        # Only a concurrent write can get here (every rule was checked above); the
        # transaction is rolled back, so the database is as it was.
        report.created, report.updated, report.written = [], [], False
        report.rejected.append(
            RowError(
                None,
                "",
                "",
                f"数据库拒绝写入，未写入任何数据 / The database refused the "
                f"import and nothing was written: {exc}",
            )
        )
    return report


def _existing_observations(parsed: list[ObservationRow]) -> dict[tuple, Observation]:
    """The stored observations with the keys of ``parsed``, a few queries per 200 zones."""
    keys = {row.key for row in parsed}
    zone_ids = sorted({key[0] for key in keys})
    indicator_ids = {key[1] for key in keys}
    years = {key[2] for key in keys}
    found: dict[tuple, Observation] = {}
    for start in range(0, len(zone_ids), 200):
        queryset = Observation.objects.filter(
            zone_id__in=zone_ids[start : start + 200],
            indicator_id__in=indicator_ids,
            year__in=years,
        )
        for obs in queryset.iterator(chunk_size=2000):
            key = (obs.zone_id, obs.indicator_id, obs.year, obs.period)
            if key in keys:
                found[key] = obs
    return found


def _plan(
    parsed: list[ObservationRow],
    existing: dict[tuple, Observation],
    headers: dict[str, str],
    report: ImportReport,
    tick: Progress,
) -> tuple[list[Observation], list[Observation]]:
    """Build and ``full_clean()`` the objects to create and to update; record the outcome of
    every row in ``report``."""
    to_create: list[Observation] = []
    to_update: list[Observation] = []
    for done, row in enumerate(parsed, start=1):
        if done % 1000 == 0:
            tick("check", done, len(parsed))
        obs = existing.get(row.key)
        fields = dict(row.fields)
        if obs is None:
            fields.setdefault("as_reported", f"{row.value_text}{row.unit}")
            obs = Observation(
                zone=row.zone, indicator=row.indicator, year=row.year, period=row.period, **fields
            )
            changed = tuple(fields)
            old_value = None
        else:
            old_value = obs.value
            if "as_reported" not in fields and obs.value != fields["value"]:
                fields["as_reported"] = f"{row.value_text}{row.unit}"
            changed = tuple(name for name, new in fields.items() if _differs(obs, name, new))
            # Assign the related objects already in memory so clean() runs no query.
            obs.zone, obs.indicator = row.zone, row.indicator
            for name in changed:
                setattr(obs, name, fields[name])
        obs.value_type = row.indicator.value_type
        try:
            obs.full_clean(exclude=CLEAN_EXCLUDE, validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                column = headers.get(name, "" if name == "__all__" else name)
                shown = getattr(obs, name, "") if name != "__all__" else ""
                for message in messages:
                    report.rejected.append(RowError(row.row, column, str(shown or ""), message))
            continue
        change = RowChange(
            row=row.row,
            zone=row.zone.slug,
            indicator=row.indicator.code,
            year=row.year,
            period=row.period,
            value=_plain(obs.value),
            old_value=None if old_value is None else _plain(old_value),
            changed=changed,
        )
        if obs.pk is None:
            to_create.append(obs)
            report.created.append(change)
        elif changed:
            to_update.append(obs)
            report.updated.append(change)
        else:
            report.unchanged.append(change)
    return to_create, to_update


def _differs(obs: Observation, name: str, new: Any) -> bool:
    if name == "source":
        # Compare ids: reading obs.source would cost a query per row.
        return obs.source_id != new.pk
    old = getattr(obs, name)
    if isinstance(old, Decimal) and isinstance(new, Decimal):
        return old.compare(new) != 0
    return old != new


def _plain(number: Decimal) -> Decimal:
    """8400.0000 -> 8400, 5901.2700 -> 5901.27 (never 8.4E+3), as a steward would write it."""
    return Decimal(format(number.normalize(), "f"))


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
                    f"{name}: {' '.join(messages)}" for name, messages in exc.message_dict.items()
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
