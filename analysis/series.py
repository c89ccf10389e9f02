"""Series: one zone's figures over the years, each period its own series."""

from __future__ import annotations

from typing import Any

from analysis.base import without_nan
from common.cache import per_generation
from indicators.models import PERIOD_MONTHS, Period
from indicators.selectors import observation_frame


@per_generation("zone_series")
def zone_series(
    *,
    zone: str,
    indicators: list[str],
    periods: list[str] | None = None,
    reliabilities: list[str] | None = None,
) -> list[dict[str, Any]]:
    """One zone's figures of ``indicators`` over the years, as records (``FRAME_COLUMNS``).

    ``periods`` defaults to the full year only: a part-year figure joins a series only when
    asked for, and then each period is its own series, never joined to the full-year one.
    ``reliabilities`` (None = any) keeps only figures from sources of those reliabilities,
    e.g. ``["official"]``. Records are ordered by indicator (in the asked order), period (full
    year first, then longer stretches first) and year. One query.
    """
    frame = observation_frame(
        zones=[zone],
        indicators=indicators,
        periods=periods if periods is not None else [Period.FULL_YEAR],
        reliabilities=reliabilities,
    )
    position = {code: index for index, code in enumerate(indicators)}
    months = {str(period): -PERIOD_MONTHS[period] for period in Period}
    records = without_nan(frame).to_dict("records")
    return sorted(records, key=lambda r: (position[r["indicator"]], months[r["period"]], r["year"]))
