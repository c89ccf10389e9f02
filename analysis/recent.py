"""Most recent values: each zone's latest figure of one indicator in one period."""

from __future__ import annotations

from dataclasses import dataclass

from analysis.base import get_indicator, zone_figure
from common.cache import per_generation
from indicators.models import Period
from indicators.selectors import check_codes, clean_period, frame_from_queryset, latest_observations


@dataclass
class RecentValue:
    zone: str
    name_zh: str
    name_en: str
    indicator: str
    unit: str
    year: int
    period: str
    value: float
    as_reported: str
    qualifier: str
    status: str
    source: str
    reliability: str


@per_generation("most_recent_values")
def most_recent_values(
    *,
    indicator: str,
    period: str = Period.FULL_YEAR,
    zones: list[str] | None = None,
    year_to: int | None = None,
    reliabilities: list[str] | None = None,
) -> list[RecentValue]:
    """Each zone's latest value of ``indicator`` in ``period`` (up to ``year_to``), with its year.

    Zones with no value in that period are absent. Ordered by zone slug. Unknown codes raise
    ``UnknownCode``.
    """
    clean_period(period)
    get_indicator(indicator)
    if zones is not None:
        check_codes(zones=zones)
    queryset = latest_observations(
        indicators=[indicator],
        zones=zones,
        period=period,
        year_to=year_to,
        reliabilities=reliabilities,
    ).order_by("zone__slug")
    return [
        RecentValue(
            **zone_figure(row),
            indicator=row["indicator"],
            unit=row["unit"],
            year=int(row["year"]),
            period=row["period"],
        )
        for row in frame_from_queryset(queryset).to_dict("records")
    ]
