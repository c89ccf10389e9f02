"""The rows of the observation export (``common.tabular`` writes them; the zone export is
``zones.selectors.zone_export_rows``).

The export uses the import's own column headers, so an exported file can be
edited and imported back: unchanged rows come back as "unchanged".
"""

from collections.abc import Iterable, Sequence

from django.db.models import QuerySet

OBSERVATION_EXPORT = (
    ("zone", "zone__slug"),
    ("zone_name", "zone__name_zh"),
    ("indicator", "indicator__code"),
    ("indicator_name", "indicator__name_zh"),
    ("year", "year"),
    ("period", "period"),
    ("value", "value"),
    ("unit", "indicator__unit"),
    ("as_reported", "as_reported"),
    ("source", "source__key"),
    ("qualifier", "qualifier"),
    ("status", "status"),
    ("locator", "locator"),
    ("note", "note"),
)


def observation_export_rows(*, queryset: QuerySet) -> tuple[list[str], Iterable[Sequence]]:
    """Headers and rows of ``queryset`` (Observations) in one query, whatever its size."""
    headers = [header for header, _ in OBSERVATION_EXPORT]
    rows = queryset.order_by("zone__slug", "indicator__code", "year", "period").values_list(
        *(path for _, path in OBSERVATION_EXPORT)
    )
    return headers, rows.iterator(chunk_size=2000)
