"""The shapes every importer shares: a table read from a file and a row error."""

from dataclasses import dataclass, field


class ImportFileError(Exception):
    """The file as a whole cannot be used (unreadable, wrong encoding, missing columns).

    The message is bilingual (Chinese / English) and meant to be shown as is.
    """


@dataclass(frozen=True)
class RowError:
    """Why one row (or, with ``row=None``, the whole file) was refused.

    ``row`` counts the header as row 1, as a spreadsheet shows it; ``column`` is the header
    as spelled in the file ("" when the reason concerns the row as a whole).
    """

    row: int | None
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        where = "文件 / file" if self.row is None else f"第 {self.row} 行 / row {self.row}"
        if self.column:
            where += f"，列“{self.column}” / column “{self.column}”"
        shown = f" [{self.value}]" if self.value else ""
        return f"{where}{shown}: {self.message}"


@dataclass(frozen=True)
class Table:
    """A table of text cells: the header as written and the data rows with their numbers."""

    headers: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)

    @property
    def expected_rows(self) -> int:
        return len(self.rows)
