"""Writes of the zones app: ``zone_import``, which creates or updates zones from a file.

It shares its report and its file reading with the observation import
(``indicators.services``): the same rules for a row error, a dry run and a rejected file.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO

from django.core.exceptions import ValidationError
from django.db import transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from common.cache import bump_data_generation
from common.i18n import bilingual_message_dict
from common.importing.base import ImportFileError, RowError
from common.importing.columns import map_columns
from common.importing.readers import read_table, table_from_rows
from common.importing.report import BATCH_SIZE, ImportReport
from zones.importers import ZONE_COLUMNS, parse_zone_rows
from zones.models import Zone, ZoneAlias


@dataclass(frozen=True)
class ZoneChange:
    """What a zone import does (or would do) with one row."""

    row: int
    slug: str
    value: str
    old_value: str | None = None
    changed: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return self.slug


def zone_import(
    *,
    file: BinaryIO | bytes | str | Path | None = None,
    filename: str = "",
    rows: Iterable[Mapping[str, Any]] | None = None,
    dry_run: bool,
    user=None,
    change_reason: str = "",
) -> ImportReport:
    """Create or update zones from a CSV/XLSX ``file`` or in-memory ``rows``, by slug.

    Columns are those of the zone export (``importers.zones.ZONE_COLUMNS``, English or
    Chinese headers); only ``slug`` is required, and an update changes only the columns the
    file has. ``aliases`` (separated by ; ； 、 or |) are added, never removed; an alias that
    belongs to another zone is a row error. Same contract as ``observation_import``: every
    zone passes ``full_clean()``, nothing is written on a dry run or if any row is refused,
    otherwise everything is written in one transaction, with history; re-import is a no-op.
    """
    report = ImportReport(dry_run=dry_run)
    try:
        if rows is not None:
            table = table_from_rows(rows)
        elif file is not None:
            table = read_table(file=file, filename=filename)
        else:
            raise ImportFileError("没有给出文件 / No file was given.")
        columns = map_columns(table.headers, ZONE_COLUMNS, ())
    except ImportFileError as exc:
        report.rejected.append(RowError(None, "", "", str(exc)))
        return report
    report.ignored_columns = columns.ignored
    parsed, errors = parse_zone_rows(table=table, columns=columns)
    report.rejected.extend(errors)
    alias_header = columns.header.get("aliases", "aliases")

    with transaction.atomic():
        existing = Zone.objects.in_bulk([row.slug for row in parsed], field_name="slug")
        wanted_aliases = {alias for row in parsed for alias in row.aliases}
        alias_owner = dict(
            ZoneAlias.objects.filter(alias__in=wanted_aliases).values_list("alias", "zone__slug")
        )
        stored_aliases = set(alias_owner)
        to_create: list[Zone] = []
        to_update: list[Zone] = []
        new_aliases: list[tuple[str, str]] = []
        updated_fields: set[str] = set()
        for row in parsed:
            zone = existing.get(row.slug)
            if zone is None:
                zone = Zone(slug=row.slug, **row.fields)
                changed = tuple(row.fields)
            else:
                changed = tuple(
                    name for name, new in row.fields.items() if _value_differs(zone, name, new)
                )
                for name in changed:
                    setattr(zone, name, row.fields[name])
            row_errors = []
            for alias in row.aliases:
                owner = alias_owner.setdefault(alias, row.slug)
                if owner != row.slug:
                    row_errors.append(
                        RowError(
                            row.row,
                            alias_header,
                            alias,
                            f"已是园区 {owner} 的别名 / Already an alias of the zone {owner}.",
                        )
                    )
                elif alias not in stored_aliases and (alias, row.slug) not in new_aliases:
                    new_aliases.append((alias, row.slug))
                    changed = (*changed, "aliases") if "aliases" not in changed else changed
            try:
                zone.full_clean(validate_unique=False, validate_constraints=False)
            except ValidationError as exc:
                for name, messages in bilingual_message_dict(exc).items():
                    column = columns.header.get(name, "" if name == "__all__" else name)
                    shown = "" if name == "__all__" else str(getattr(zone, name, "") or "")
                    row_errors.extend(RowError(row.row, column, shown, m) for m in messages)
            if row_errors:
                report.rejected.extend(row_errors)
                continue
            # bulk writes send no pre_save: the pinyin keys are filled here
            if zone.fill_pinyin() and zone.pk is not None:
                updated_fields.update(("name_pinyin", "city_pinyin"))
            change = ZoneChange(row=row.row, slug=row.slug, value=zone.name_zh, changed=changed)
            if zone.pk is None:
                to_create.append(zone)
                report.created.append(change)
            elif changed:
                updated_fields.update(name for name in changed if name != "aliases")
                to_update.append(zone)
                report.updated.append(change)
            else:
                report.unchanged.append(change)
        report.rejected.sort(key=lambda e: (e.row or 0, e.column))
        if report.rejected or dry_run:
            return report
        reason = change_reason or f"import {filename}".strip()
        created = bulk_create_with_history(
            to_create, Zone, batch_size=BATCH_SIZE, default_user=user, default_change_reason=reason
        )
        if updated_fields:
            bulk_update_with_history(
                to_update,
                Zone,
                fields=sorted(updated_fields),
                batch_size=BATCH_SIZE,
                default_user=user,
                default_change_reason=reason,
            )
        by_slug = {zone.slug: zone for zone in [*created, *to_update, *existing.values()]}
        bulk_create_with_history(
            [ZoneAlias(zone=by_slug[slug], alias=alias) for alias, slug in new_aliases],
            ZoneAlias,
            batch_size=BATCH_SIZE,
            default_user=user,
            default_change_reason=reason,
        )
        report.written = True
        bump_data_generation()
    return report


def _value_differs(obj, name: str, new: Any) -> bool:
    old = getattr(obj, name)
    if isinstance(old, Decimal) and isinstance(new, Decimal):
        return old.compare(new) != 0
    return old != new
