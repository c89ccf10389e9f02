"""The zone file format: one row per zone, matched by slug; the same columns as the export.

Rows are parsed into field values with each model field's own ``to_python`` (so a bad number
or an unknown choice is reported with Django's message), aliases are split on ; ； 、 and |.
Nothing here writes; ``zones.services.zone_import`` does.
"""

import re
from dataclasses import dataclass, field
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db.models import Field

from common.i18n import bilingual_messages
from common.importing.base import RowError, Table
from common.importing.columns import Column, ColumnMap
from common.importing.names import choice_index, normalise
from zones.models import DevelopmentModel, Region, Zone, ZoneKind

ZONE_COLUMNS = (
    Column("slug", ("slug", "标识"), True, "ASCII，如 hangzhou-binjiang"),
    Column("name_zh", ("name_zh", "中文名"), False, "新园区必填"),
    Column("name_en", ("name_en", "英文名"), False, "新园区必填"),
    Column("kind", ("kind", "类型"), False, "hightech_zone、etdz、district… 或中文"),
    Column("country", ("country", "国家"), False, ""),
    Column("province", ("province", "省份"), False, ""),
    Column("city", ("city", "城市"), False, ""),
    Column("region", ("region", "区域"), False, "east/central/west/northeast/abroad 或 东部…"),
    Column("development_model", ("development_model", "发展模式"), False, ""),
    Column("area_km2", ("area_km2", "面积"), False, "平方公里"),
    Column("founded_year", ("founded_year", "设立年份"), False, ""),
    Column("latitude", ("latitude", "纬度"), False, ""),
    Column("longitude", ("longitude", "经度"), False, ""),
    Column("location_note", ("location_note", "位置说明"), False, ""),
    Column("summary_zh", ("summary_zh", "中文简介"), False, ""),
    Column("summary_en", ("summary_en", "英文简介"), False, ""),
    Column("aliases", ("aliases", "别名"), False, "以 ; 分隔；只增不删"),
)
ZONE_FIELDS = tuple(c.name for c in ZONE_COLUMNS if c.name not in {"slug", "aliases"})
CHOICES = {
    "kind": choice_index(ZoneKind),
    "region": choice_index(Region),
    "development_model": choice_index(DevelopmentModel),
}
_ALIAS_SEPARATORS = re.compile(r"[;；、|]")


@dataclass
class ZoneRow:
    row: int
    slug: str
    fields: dict[str, Any] = field(default_factory=dict)
    aliases: list[str] = field(default_factory=list)


def parse_zone_rows(*, table: Table, columns: ColumnMap) -> tuple[list[ZoneRow], list[RowError]]:
    """Parse every row; a second row for the same slug is refused naming the first."""
    parsed: list[ZoneRow] = []
    errors: list[RowError] = []
    first_row_of: dict[str, int] = {}
    for number, cells in table.rows:
        row_errors: list[RowError] = []

        def cell(name: str, cells=cells) -> str:
            position = columns.index.get(name)
            return cells[position].strip() if position is not None and position < len(cells) else ""

        slug = cell("slug")
        fields: dict[str, Any] = {}
        for name in ZONE_FIELDS:
            if not columns.has(name):
                continue
            text = cell(name)
            model_field = cast(Field, Zone._meta.get_field(name))  # a concrete column
            if name in CHOICES and text:
                value = CHOICES[name].get(normalise(text))
                if value is None:
                    row_errors.append(
                        RowError(
                            number,
                            columns.header[name],
                            text,
                            "未知的取值 / Unknown value; use one of: "
                            + ", ".join(sorted(set(CHOICES[name].values()))),
                        )
                    )
                    continue
                fields[name] = value
                continue
            try:
                fields[name] = model_field.to_python(text if text or not model_field.null else None)
            except ValidationError as exc:
                row_errors.extend(
                    RowError(number, columns.header[name], text, message)
                    for message in bilingual_messages(exc)
                )
        aliases = [a.strip() for a in _ALIAS_SEPARATORS.split(cell("aliases")) if a.strip()]
        if row_errors:
            errors.extend(row_errors)
            continue
        first = first_row_of.setdefault(slug, number)
        if first != number:
            errors.append(
                RowError(
                    number,
                    columns.header["slug"],
                    slug,
                    f"与第 {first} 行重复 / Duplicate of row {first}.",
                )
            )
            continue
        parsed.append(ZoneRow(row=number, slug=slug, fields=fields, aliases=aliases))
    return parsed, errors
