"""Reads of the zones app: the zone export's rows (the directory's filtering is
``zones.filters.ZoneFilterSet``)."""

from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import QuerySet

from zones.models import DESCRIPTIVE_FIELDS, Zone, ZoneAlias

ZONE_EXPORT = DESCRIPTIVE_FIELDS


def zone_export_rows(*, queryset: QuerySet[Zone]) -> tuple[list[str], Iterable[Sequence[Any]]]:
    """Headers and rows of ``queryset`` (Zones) plus their aliases, in two queries."""
    aliases: dict[int, list[str]] = {}
    for zone_id, alias in ZoneAlias.objects.filter(zone__in=queryset).values_list(
        "zone_id", "alias"
    ):
        aliases.setdefault(zone_id, []).append(alias)
    rows = queryset.order_by("slug").values_list("pk", *ZONE_EXPORT)
    return [*ZONE_EXPORT, "aliases"], (
        (*row[1:], ";".join(sorted(aliases.get(row[0], [])))) for row in rows
    )
