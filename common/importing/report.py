"""What an import reports: every row's outcome, counted, and why rows were refused."""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from common.importing.base import RowError

# Rows written per statement by the bulk writes of the importers.
BATCH_SIZE = 500


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
    # How many rows each outcome has, when the lists above hold only the first of them.
    counts: dict[str, int] = field(default_factory=dict)
    # The ids of what the written rows belong to (e.g. "zone", "indicator"), so what follows
    # an import (recomputing what depends on the figures) can keep to them.
    scope: dict[str, set[int]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.rejected

    def count(self, outcome: str) -> int:
        """How many rows are ``outcome`` ("created", "updated" or "unchanged")."""
        return self.counts.get(outcome, len(getattr(self, outcome)))

    @property
    def created_count(self) -> int:
        return self.count("created")

    @property
    def updated_count(self) -> int:
        return self.count("updated")

    @property
    def unchanged_count(self) -> int:
        return self.count("unchanged")

    @property
    def rejected_rows(self) -> int:
        return len({error.row for error in self.rejected})

    def summary(self) -> str:
        outcome = (
            "无变化 / nothing to change"
            if self.written and not (self.created_count or self.updated_count)
            else "已写入 / written"
            if self.written
            else "试运行，未写入 / dry run, nothing written"
            if self.dry_run and self.ok
            else "已拒绝，未写入 / refused, nothing written"
        )
        return (
            f"新增 created {self.created_count}, 更新 updated {self.updated_count}, "
            f"未变 unchanged {self.unchanged_count}, 拒绝 rejected rows {self.rejected_rows} "
            f"({len(self.rejected)} errors): {outcome}"
        )
