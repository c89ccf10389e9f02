"""The bulletin file format: figures read from statistical bulletins, each with its address.

A bulletin file (``fixtures/bulletins/public_bulletins.csv`` is the first one) has one row per
figure and the columns ``zone, indicator, year, period, value, unit, source_url, source_kind,
source_note``. This module turns such a table into the rows that
``indicators.services.observation_import`` takes, and into the ``Source`` records those rows
cite. Nothing here writes to the database; ``indicators.services.bulletin_load`` does.

* Units: ``TableUnits`` converts a figure into its indicator's unit with
  ``indicators.units.convert``; the figure keeps its own value and unit in ``as_reported``.
* Sources: one per ``source_url`` (key ``bulletin-`` and a hash of the address), or, for a row
  without an address, one per (zone, source_note) (key ``bulletin-nourl-`` and a hash).
  ``source_kind`` gives the reliability; the notes give the kind of document.
"""

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlsplit

from indicators.models import Indicator, Reliability, SourceKind
from indicators.units import UnitError, convert

from .base import ImportFileError, RowError, Table
from .observations import RowValueError

BULLETIN_COLUMNS = (
    "zone",
    "indicator",
    "year",
    "period",
    "value",
    "unit",
    "source_url",
    "source_kind",
    "source_note",
)
# The file's source_kind (as the data README spells it) -> Reliability.
RELIABILITY_OF_KIND = {
    "official": Reliability.OFFICIAL,
    "semi-official": Reliability.SEMI_OFFICIAL,
    "semi_official": Reliability.SEMI_OFFICIAL,
    "media": Reliability.MEDIA,
    "mirror": Reliability.MIRROR,
    "aggregator": Reliability.AGGREGATOR,
}
# Words in a source's notes that tell what kind of document it is, checked in this order.
DOCUMENT_KIND_WORDS = (
    (SourceKind.STATISTICAL_BULLETIN, ("统计公报", "bulletin")),
    (SourceKind.GOVERNMENT_REPORT, ("政府工作报告", "计划执行情况", "government work report")),
)
KEY_PREFIX = "bulletin-"


def names_document(note: str) -> bool:
    """Whether a row's note names the kind of document it was read from."""
    text = note.casefold()
    return any(word.casefold() in text for _, words in DOCUMENT_KIND_WORDS for word in words)


TITLE_LENGTH = 300


class TableUnits:
    """A unit policy for ``observation_import`` built on the project's unit table.

    A figure in another unit of the same dimension (万亿元, 人, 万元...) is converted into the
    indicator's unit; an empty unit means the indicator's own. An unknown unit or one of
    another dimension raises ``RowValueError`` naming the unit: never a guess.
    """

    def to_indicator_unit(self, *, value: Decimal, unit: str, indicator: Indicator) -> Decimal:
        try:
            return convert(value, from_unit=unit or indicator.unit, to_unit=indicator.unit)
        except UnitError as exc:
            raise RowValueError(
                f"{exc}（指标“{indicator.name_zh}”的单位是“{indicator.unit}”）/ "
                f"(the indicator's unit is “{indicator.unit}”)"
            ) from exc


@dataclass
class SourceSpec:
    """The ``Source`` a group of bulletin rows cites, as the file describes it."""

    key: str
    url: str
    reliability: str
    notes: list[str] = field(default_factory=list)
    zone: str = ""

    @property
    def kind(self) -> str:
        text = " ".join(self.notes).casefold()
        for kind, words in DOCUMENT_KIND_WORDS:
            if any(word.casefold() in text for word in words):
                return kind
        return SourceKind.WEB_PAGE

    @property
    def publisher(self) -> str:
        return urlsplit(self.url).netloc if self.url else ""

    @property
    def title(self) -> str:
        # A note that names the document (a bulletin, a work report) is the best title; among
        # the rest the longest says most. Ties go to the first in sort order, so the title does
        # not depend on the order of the rows.
        note = (
            sorted(self.notes, key=lambda text: (not names_document(text), -len(text), text))[0]
            if self.notes
            else ""
        )
        where = self.publisher or self.zone
        title = f"{where}: {note}" if note else where
        return title[:TITLE_LENGTH]

    @property
    def note(self) -> str:
        address = (
            "" if self.url else "原文副本未带网址 / the copy that was read carried no address; "
        )
        return (
            address
            + "公报数据的说明 / notes of the bulletin rows: "
            + " | ".join(sorted(set(self.notes)))
        )


@dataclass
class BulletinRows:
    """A bulletin table turned into observation rows, their sources and the rows refused."""

    rows: list[dict[str, str]] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)  # the file's row number of each row
    sources: dict[str, SourceSpec] = field(default_factory=dict)
    refused: list[RowError] = field(default_factory=list)


def source_key(*, url: str, zone: str, note: str) -> str:
    """A stable key: from the address, or from (zone, note) for a row without one."""
    if url:
        return KEY_PREFIX + hashlib.sha1(url.encode()).hexdigest()[:12]
    text = f"{zone}\n{note}".encode()
    return KEY_PREFIX + "nourl-" + hashlib.sha1(text).hexdigest()[:12]


def bulletin_rows(*, table: Table) -> BulletinRows:
    """Map a bulletin ``table`` to observation rows (zone, indicator, year, period, value,
    unit, as_reported, source, note) and the ``SourceSpec`` of each source key.

    Raises ``ImportFileError`` when a column is missing. A row whose ``source_kind`` is not
    one of the known kinds, or whose address the file gives two different kinds, is refused
    (in ``refused``, naming the row and the value) and not mapped.
    """
    missing = [name for name in BULLETIN_COLUMNS if name not in table.headers]
    if missing:
        raise ImportFileError(
            "公报文件缺少列 / The bulletin file lacks the columns: "
            + ", ".join(missing)
            + ". 需要的列 / Its columns must be: "
            + ",".join(BULLETIN_COLUMNS)
        )
    position = {name: table.headers.index(name) for name in BULLETIN_COLUMNS}
    result = BulletinRows()
    first_row_of_key: dict[str, int] = {}
    for number, cells in table.rows:
        cell = {name: (cells[i] if i < len(cells) else "").strip() for name, i in position.items()}
        kind = cell["source_kind"]
        reliability = RELIABILITY_OF_KIND.get(kind.casefold())
        if reliability is None:
            result.refused.append(
                RowError(
                    number,
                    "source_kind",
                    kind,
                    f"未知的来源类型“{kind}” / Unknown source kind “{kind}”; use one of: "
                    + ", ".join(sorted({k for k in RELIABILITY_OF_KIND if "_" not in k})),
                )
            )
            continue
        key = source_key(url=cell["source_url"], zone=cell["zone"], note=cell["source_note"])
        spec = result.sources.get(key)
        if spec is None:
            spec = result.sources[key] = SourceSpec(
                key=key, url=cell["source_url"], reliability=reliability, zone=cell["zone"]
            )
            first_row_of_key[key] = number
        elif spec.reliability != reliability:
            first = first_row_of_key[key]
            result.refused.append(
                RowError(
                    number,
                    "source_kind",
                    kind,
                    f"第 {first} 行给同一来源的类型不同 / Row {first} gives the same source "
                    "another kind; a source has one kind.",
                )
            )
            continue
        if cell["source_note"] and cell["source_note"] not in spec.notes:
            spec.notes.append(cell["source_note"])
        result.rows.append(
            {
                "zone": cell["zone"],
                "indicator": cell["indicator"],
                "year": cell["year"],
                "period": cell["period"],
                "value": cell["value"],
                "unit": cell["unit"],
                "as_reported": f"{cell['value']}{cell['unit']}",
                "source": key,
                "note": cell["source_note"],
            }
        )
        result.numbers.append(number)
    return result
