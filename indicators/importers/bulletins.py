"""The bulletin file format: figures read from statistical bulletins, each with its address.

A bulletin file (``fixtures/bulletins/public_bulletins.csv`` is the first one) has one row per
figure and the columns ``zone, indicator, year, period, value, unit, source_url, source_kind,
source_note``. This module turns such a table into the rows that
``indicators.services.observation_import`` takes, and into the ``Source`` records those rows
cite. Nothing here writes to the database; ``indicators.bulletin_services.bulletin_load`` does.

* Units: ``TableUnits`` converts a figure into its indicator's unit with
  ``indicators.units.convert``; the figure keeps its own value and unit in ``as_reported``.
* Sources: one per ``source_url`` (key ``bulletin-`` and a hash of the address), or, for a row
  without an address, one per (zone, source_note) (key ``bulletin-nourl-`` and a hash).
  ``source_kind`` gives the reliability; the notes give the kind of document.
"""

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlsplit

from common.importing.base import ImportFileError, RowError, Table
from common.importing.names import normalise
from indicators.models import Indicator, Reliability, SourceKind
from indicators.units import UnitError, convert

from .cells import RowValueError
from .qualifiers import qualifier_of

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
# Read when the file has it: the sentence the figure stands in, kept as its locator.
OPTIONAL_COLUMNS = ("phrase",)
LOCATOR_LENGTH = 300
# "全国国家高新区(169家)": a member count after a group's name (NFKC-normalised brackets).
MEMBER_COUNT = re.compile(r"\(\d+家\)$")
PRELIMINARY_WORDS = ("preliminary", "预计", "初步", "superseded")
NO_YEAR = (
    "未注明年份：不能作为某一年的数据存储，请查明年份后再载入 / The year is not stated: the "
    "figure cannot be stored as a yearly figure; find the year in a source before loading it."
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
    """A bulletin table turned into observation rows, their sources and the rows refused.

    ``cohort_rows`` are the rows for a group of zones (全国国家高新区): they become cohort
    statistics, not observations. ``numbers`` and ``cohort_numbers`` give each row's number
    in the file.
    """

    rows: list[dict[str, str]] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)  # the file's row number of each row
    sources: dict[str, SourceSpec] = field(default_factory=dict)
    refused: list[RowError] = field(default_factory=list)
    cohort_rows: list[dict[str, str]] = field(default_factory=list)
    cohort_numbers: list[int] = field(default_factory=list)


def source_key(*, url: str, zone: str, note: str) -> str:
    """A stable key: from the address, or from (zone, note) for a row without one."""
    if url:
        return KEY_PREFIX + hashlib.sha1(url.encode()).hexdigest()[:12]
    text = f"{zone}\n{note}".encode()
    return KEY_PREFIX + "nourl-" + hashlib.sha1(text).hexdigest()[:12]


def as_reported(value: str, unit: str) -> str:
    """The figure as written: 5901.27亿元, but 13.6 trillion yuan with its space."""
    return f"{value} {unit}" if unit[:1].isascii() and unit[:1].isalpha() else f"{value}{unit}"


def group_name(name: str) -> str:
    """A zone or cohort name without the member count a source adds: 全国国家高新区(169家)."""
    return MEMBER_COUNT.sub("", normalise(name))


def is_preliminary(note: str) -> bool:
    """Whether the note calls the figure preliminary (a final figure replaces it)."""
    text = note.casefold()
    return any(word in text for word in PRELIMINARY_WORDS)


def bulletin_rows(*, table: Table, cohorts: Mapping[str, str] | None = None) -> BulletinRows:
    """Map a bulletin ``table`` to observation rows (zone, indicator, year, period, value,
    unit, as_reported, source, qualifier, note and, when the file has a ``phrase``, locator)
    and the ``SourceSpec`` of each source key.

    ``cohorts`` maps ``group_name`` of a cohort's slug or Chinese name to its slug: a row
    naming one goes to ``cohort_rows`` (with its ``cohort``) instead.

    Raises ``ImportFileError`` when a column is missing. Refused (in ``refused``, naming the
    row and the value) and not mapped: a row without a year; a row whose ``source_kind`` is
    not one of the known kinds, or whose address the file gives two different kinds; and,
    where several rows give the same zone, indicator, year and period, every row but one:
    a final figure before a preliminary one, then the more reliable source, then the first.
    """
    missing = [name for name in BULLETIN_COLUMNS if name not in table.headers]
    if missing:
        raise ImportFileError(
            "公报文件缺少列 / The bulletin file lacks the columns: "
            + ", ".join(missing)
            + ". 需要的列 / Its columns must be: "
            + ",".join(BULLETIN_COLUMNS)
        )
    names = [name for name in (*BULLETIN_COLUMNS, *OPTIONAL_COLUMNS) if name in table.headers]
    position = {name: table.headers.index(name) for name in names}
    has_phrase = "phrase" in position
    cohorts = cohorts or {}
    result = BulletinRows()
    first_row_of_key: dict[str, int] = {}
    candidates: list[_Candidate] = []
    for number, cells in table.rows:
        cell = {name: (cells[i] if i < len(cells) else "").strip() for name, i in position.items()}
        kind = cell["source_kind"]
        reliability = RELIABILITY_OF_KIND.get(kind.casefold())
        if not cell["year"]:
            result.refused.append(RowError(number, "year", "", NO_YEAR))
            continue
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
        row = {
            "zone": cell["zone"],
            "indicator": cell["indicator"],
            "year": cell["year"],
            "period": cell["period"],
            "value": cell["value"],
            "unit": cell["unit"],
            "as_reported": as_reported(cell["value"], cell["unit"]),
            "source": key,
            "qualifier": qualifier_of(
                value=cell["value"],
                unit=cell["unit"],
                phrase=cell.get("phrase", ""),
                note=cell["source_note"],
            ),
            "note": cell["source_note"],
        }
        if has_phrase:
            row["locator"] = _clip(cell["phrase"], LOCATOR_LENGTH)
        cohort = cohorts.get(group_name(cell["zone"]))
        candidates.append(_Candidate(number, row, reliability, cohort))

    for candidate in _keep_one_per_key(candidates, result.refused):
        if candidate.cohort is None:
            result.rows.append(candidate.row)
            result.numbers.append(candidate.number)
        else:
            result.cohort_rows.append({**candidate.row, "cohort": candidate.cohort})
            result.cohort_numbers.append(candidate.number)
    result.refused.sort(key=lambda error: (error.row or 0, error.column))
    return result


def _clip(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


@dataclass
class _Candidate:
    number: int
    row: dict[str, str]
    reliability: str
    cohort: str | None

    @property
    def key(self) -> tuple[str, ...]:
        row = self.row
        return (
            group_name(row["zone"]),
            normalise(row["indicator"]),
            row["year"],
            normalise(row["period"] or "FY"),
        )

    @property
    def order(self) -> tuple[bool, int, int]:
        return (
            is_preliminary(self.row["note"]),
            Reliability.values.index(self.reliability),
            self.number,
        )


def _keep_one_per_key(candidates: list[_Candidate], refused: list[RowError]) -> list[_Candidate]:
    """The best row of each (zone, indicator, year, period); the others go to ``refused``."""
    best: dict[tuple[str, ...], _Candidate] = {}
    for candidate in candidates:
        current = best.get(candidate.key)
        if current is None or candidate.order < current.order:
            best[candidate.key] = candidate
    kept = []
    for candidate in candidates:
        winner = best[candidate.key]
        if winner is candidate:
            kept.append(candidate)
            continue
        if is_preliminary(candidate.row["note"]) and not is_preliminary(winner.row["note"]):
            why_zh, why_en = "最终数", "the final figure"
        elif winner.reliability != candidate.reliability:
            why_zh, why_en = "来源更可靠", f"a more reliable source ({winner.reliability})"
        else:
            why_zh, why_en = (
                "来源同样可靠、排在前面",
                f"an equally reliable source ({winner.reliability}), listed first",
            )
        refused.append(
            RowError(
                candidate.number,
                "",
                candidate.row["as_reported"],
                f"第 {winner.number} 行给出同一数据 {winner.row['as_reported']}（{why_zh}），"
                f"保留该行 / Row {winner.number} gives the same zone, indicator, year and period "
                f"as {winner.row['as_reported']} from {why_en}; that row is kept and this one "
                "is not stored.",
            )
        )
    return kept


KEEP = "keep"


def stored_figure_verdict(
    *,
    stored_key: str,
    stored_reliability: str,
    stored_value: Decimal,
    stored_as_reported: str,
    key: str,
    reliability: str,
    value: Decimal,
) -> str | None:
    """What a bulletin row may do with the figure already stored for its zone (or cohort),
    indicator, year and period.

    ``None``: write it (a correction from the same source, or a figure from a bulletin source
    more reliable than the stored one's). ``KEEP``: leave the stored figure as it is (the same
    value from the same source, so a note or locator a steward edited is kept) and count the
    row unchanged. Anything else is the bilingual reason the row is refused: a figure of a
    source that is not a bulletin (a document) is never overwritten, nor one of a bulletin
    source at least as reliable.
    """
    if stored_key == key:
        return KEEP if stored_value.compare(value) == 0 else None
    if not stored_key.startswith(KEY_PREFIX):
        return (
            f"已有来源“{stored_key}”的数值 {stored_as_reported}，公报不覆盖，请在管理后台核对 / "
            f"Already recorded as {stored_as_reported} from the source “{stored_key}”; a "
            "bulletin does not overwrite another source's figure (resolve it in the admin)."
        )
    order = Reliability.values.index
    if order(reliability) < order(stored_reliability):
        return None
    return (
        f"已有来源“{stored_key}”（{stored_reliability}）的数值 {stored_as_reported}，其来源不比本行"
        f"的（{reliability}）差，保留已有数值 / Already recorded as {stored_as_reported} from "
        f"“{stored_key}” ({stored_reliability}), a source at least as reliable as this row's "
        f"({reliability}); the stored figure is kept."
    )
