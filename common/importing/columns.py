"""The columns an import file may have, and where a file puts them."""

from dataclasses import dataclass

from common.importing.base import ImportFileError
from common.importing.names import normalise


@dataclass(frozen=True)
class Column:
    """A column an importer reads: its name, the headers it may go by (the first is the one
    exports write), whether it is required, and a hint for the steward's template."""

    name: str
    headers: tuple[str, ...]
    required: bool = False
    help: str = ""


@dataclass
class ColumnMap:
    """Where each known column stands in the file, by the header the file gives it."""

    index: dict[str, int]
    header: dict[str, str]
    ignored: list[str]

    def has(self, name: str) -> bool:
        return name in self.index


def map_columns(
    headers: list[str],
    columns: tuple[Column, ...],
    informational_headers: tuple[str, ...] = (),
) -> ColumnMap:
    """Match the file's headers to ``columns``; ``informational_headers`` are skipped silently.

    Raises ``ImportFileError`` when a required column is missing or two headers name the
    same column. Unknown headers are returned in ``ignored`` (the report lists them).
    """
    spellings = {normalise(h): column.name for column in columns for h in column.headers}
    informational = {normalise(h) for h in informational_headers}
    index: dict[str, int] = {}
    header: dict[str, str] = {}
    ignored: list[str] = []
    for position, text in enumerate(headers):
        name = spellings.get(normalise(text))
        if name is None:
            if normalise(text) not in informational:
                ignored.append(text)
            continue
        if name in index:
            raise ImportFileError(
                f"列“{header[name]}”和“{text}”是同一列 / The columns “{header[name]}” and "
                f"“{text}” both mean “{name}”."
            )
        index[name] = position
        header[name] = text
    missing = [c for c in columns if c.required and c.name not in index]
    if missing:
        wanted = "、".join(f"{c.headers[1]}（{c.headers[0]}）" for c in missing)
        raise ImportFileError(
            f"缺少必需的列：{wanted} / Required columns are missing: "
            + ", ".join(c.name for c in missing)
            + f". 文件的列 / The file's columns: {', '.join(headers)}"
        )
    return ColumnMap(index=index, header=header, ignored=ignored)
