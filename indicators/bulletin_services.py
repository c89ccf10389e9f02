"""Writes: loading a bulletin file (``importers.bulletins``) through ``observation_import``.

Split from ``indicators.services``: the bulletin's sources, its cohort statistics and its
report live here; the observations go through the one import.
"""

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import BinaryIO

from django.core.exceptions import ValidationError
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from common.cache import bump_data_generation
from common.i18n import bilingual_message_dict
from common.importing.base import ImportFileError, RowError
from common.importing.readers import read_table
from common.importing.report import RowChange
from indicators.models import Source
from indicators.services import RollBack, observation_import


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
    or source kind, a value out of range) and the other rows are loaded; with ``strict`` one
    refused row and nothing is written. A figure another source already gives for the same
    zone, indicator, year and period is kept beside the bulletin's, never overwritten; which
    one is preferred follows ``indicators.preference`` (the more reliable source first).
    Everything is written in one transaction, or not at all on a file-level failure or a
    ``dry_run``. Loading the same file twice changes nothing the second time. Never raises
    for bad input.
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
                raise RollBack
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
                    raise RollBack
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
                raise RollBack
            report.written = True
            bump_data_generation()
    except RollBack:
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
    from indicators.importers.bulletins import TableUnits

    if not candidates:
        return []
    rows = [mapped.rows[index] for index in candidates]
    try:
        with transaction.atomic():
            missing = {row["source"] for row in rows} - set(existing)
            Source.objects.bulk_create([_bulletin_source(mapped.sources[k]) for k in missing])
            trial = observation_import(rows=rows, dry_run=True, unit_policy=TableUnits())
            raise RollBack
    except RollBack:
        pass
    refused = set()
    for error in trial.rejected:
        if error.row is None:
            report.rejected.append(error)
            continue
        refused.add(error.row)
        report.rejected.append(replace(error, row=mapped.numbers[candidates[error.row - 2]]))
    # The same source's figure with the same value stays as it stands (a note or locator a
    # steward edited is kept); another source's figure for the slot is a figure of its own.
    for change in trial.updated:
        if change.old_value is not None and change.value.compare(change.old_value) == 0:
            refused.add(change.row)
            number = mapped.numbers[candidates[change.row - 2]]
            report.unchanged.append(replace(change, row=number, changed=()))
    return [index for number, index in enumerate(candidates, start=2) if number not in refused]
