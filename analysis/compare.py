"""Comparison: zones x indicators x years in one period, long or wide, as a table and as the
radar chart's 0-1 scores."""

from __future__ import annotations

from typing import Any

import pandas as pd

from analysis.base import RATIO_DIGITS, without_nan
from analysis.normalise import divide_frame, per_unit
from common.cache import per_generation
from common.errors import BadParameter
from indicators.models import Direction, Indicator, Period
from indicators.selectors import clean_period, observation_frame, open_finding_slots


@per_generation("compare")
def compare(
    *,
    zones: list[str],
    indicators: list[str],
    year_from: int | None = None,
    year_to: int | None = None,
    period: str = Period.FULL_YEAR,
) -> pd.DataFrame:
    """The tidy (long) frame of ``zones`` x ``indicators`` x years in one ``period``.

    Columns are ``selectors.FRAME_COLUMNS`` and ``open_check`` (a consistency finding about
    the figure is open); one row per observation that exists (missing values are absent).
    Empty ``zones`` or ``indicators`` raise ``BadParameter``, unknown codes
    ``UnknownCode``.
    """
    if not zones:
        raise BadParameter("zones", zones, "至少需要一个园区 / at least one zone is required")
    if not indicators:
        raise BadParameter(
            "indicators", indicators, "至少需要一个指标 / at least one indicator is required"
        )
    clean_period(period)
    frame = observation_frame(
        zones=zones,
        indicators=indicators,
        year_from=year_from,
        year_to=year_to,
        periods=[period],
    )
    checks = open_finding_slots(
        zones=zones, indicators=indicators, year_from=year_from, year_to=year_to, periods=[period]
    )
    frame["open_check"] = [
        (zone, code, year, period) in checks
        for zone, code, year in zip(frame["zone"], frame["indicator"], frame["year"], strict=True)
    ]
    return frame


def compare_divided(
    *, per: str | None, **selection: Any
) -> tuple[pd.DataFrame, list[dict[str, Any]]]:
    """``compare(**selection)``'s frame and, with ``per``, the figures without a denominator.

    With ``per`` (``analysis.normalise``) every value is divided by its zone's denominator
    (``unit`` the divided one, ``computed`` true, the denominator's figure and provenance in
    the ``denominator_*`` columns), and the rows without one are returned apart, each with
    ``reason_zh``/``reason_en``. An indicator ``per`` does not apply to raises
    ``BadParameter`` naming ``per``. Two more queries.
    """
    frame = compare(**selection)
    if not per:
        return frame, []
    indicators = Indicator.objects.filter(code__in=selection["indicators"])
    units = {ind.code: per_unit(ind, per) for ind in indicators}
    return divide_frame(frame, units=units, period=selection.get("period", Period.FULL_YEAR))


WIDE_INDEX = ["zone", "zone_name_zh", "zone_name_en", "year", "period"]
PROVENANCE = ["as_reported", "qualifier", "source", "reliability"]
DIVIDED_PROVENANCE = [
    "absolute_value",
    "denominator_value",
    "denominator_year",
    "denominator_source",
]


def to_wide(frame: pd.DataFrame, *, provenance: bool = False) -> pd.DataFrame:
    """One row per (zone, year, period), one column per indicator code holding the value.

    With ``provenance`` each indicator also gets ``<code>__as_reported``, ``<code>__qualifier``,
    ``<code>__source`` and ``<code>__reliability`` columns. A cell with no observation is
    NaN/None, never 0. Rows are sorted by zone and year; indicator columns keep the order in
    which the indicators first appear in ``frame``.
    """
    codes = list(dict.fromkeys(frame["indicator"])) if len(frame) else []
    # a divided figure (``per``) also names its denominator's figure and source
    kept = PROVENANCE + [name for name in DIVIDED_PROVENANCE if name in frame.columns]
    value_columns = ["value", *kept] if provenance else ["value"]
    if frame.empty:
        columns = list(WIDE_INDEX)
        return pd.DataFrame(columns=columns)
    pivot = frame.pivot_table(
        index=WIDE_INDEX, columns="indicator", values=value_columns, aggfunc="first"
    )
    out = pd.DataFrame(index=pivot.index)
    for code in codes:
        out[code] = pivot[("value", code)] if ("value", code) in pivot.columns else None
        if provenance:
            for name in kept:
                column = (name, code)
                out[f"{code}__{name}"] = pivot[column] if column in pivot.columns else None
    out = out.reset_index().sort_values(["zone", "year"], kind="stable")
    out = without_nan(out)
    return out.reset_index(drop=True)


def compare_table(
    *,
    zones: list[str],
    indicators: list[str],
    year_from: int | None = None,
    year_to: int | None = None,
    period: str = Period.FULL_YEAR,
    per: str | None = None,
) -> list[dict[str, Any]]:
    """``compare(...)`` as records ordered by indicator (in the asked order), zone, year
    (with ``per``, the divided figures: see ``compare_divided``)."""
    frame, _missing = compare_divided(
        zones=zones,
        indicators=indicators,
        year_from=year_from,
        year_to=year_to,
        period=period,
        per=per,
    )
    return compare_records(frame, indicators, zones)


def compare_records(
    frame: pd.DataFrame, indicators: list[str], zones: list[str]
) -> list[dict[str, Any]]:
    """The rows of a ``compare`` frame as records, ordered by indicator (in the order of
    ``indicators``), zone (in the order of ``zones``), year."""
    position = {code: index for index, code in enumerate(indicators)}
    zone_position = {slug: index for index, slug in enumerate(zones)}
    records = without_nan(frame).to_dict("records")
    return sorted(
        records,
        key=lambda r: (position[r["indicator"]], zone_position[r["zone"]], r["year"]),
    )


def bar_year(records: list[dict[str, Any]]) -> int | None:
    """The one year a bar chart of ``records`` (``compare_table`` rows of one indicator)
    shows: the year in which the most zones have a value, the latest of those tied (so the
    latest year all of them share, when there is one). None for no records."""
    zones_by_year: dict[int, set[str]] = {}
    for record in records:
        zones_by_year.setdefault(record["year"], set()).add(record["zone"])
    if not zones_by_year:
        return None
    return max(zones_by_year, key=lambda year: (len(zones_by_year[year]), year))


def indexed_series(records: list[dict[str, Any]]) -> tuple[int | None, list[dict[str, Any]]]:
    """``records`` (``compare_table`` rows of one indicator) with each value relative to its
    zone's value in the first year every zone shares (= 100), to 2 places.

    Returns ``(base_year, records)``; ``(None, [])`` when the zones share no year or a base
    value is not positive (an index of a zero or negative base says nothing).
    """
    values: dict[str, dict[int, float]] = {}
    for record in records:
        values.setdefault(record["zone"], {})[record["year"]] = record["value"]
    if not values:
        return None, []
    common = set.intersection(*(set(years) for years in values.values()))
    if not common:
        return None, []
    base = min(common)
    if any(years[base] <= 0 for years in values.values()):
        return None, []
    return base, [
        {**record, "value": round(record["value"] / values[record["zone"]][base] * 100, 2)}
        for record in records
    ]


# a radar says something only for two or more zones with values on three or more axes
RADAR_MIN_ZONES = 2
RADAR_MIN_AXES = 3


def _drawable(latest: pd.DataFrame) -> pd.DataFrame:
    """The rows a radar can draw honestly: axes with values for at least two of the drawn
    zones, zones with values on at least three of the drawn axes (repeated until stable)."""
    while True:
        per_axis = latest.groupby("indicator")["zone"].transform("count")
        kept = latest[per_axis >= RADAR_MIN_ZONES]
        per_zone = kept.groupby("zone")["indicator"].transform("count")
        kept = kept[per_zone >= RADAR_MIN_AXES]
        if len(kept) == len(latest):
            break
        latest = kept
    if latest["zone"].nunique() < RADAR_MIN_ZONES:
        return latest.iloc[0:0]
    return latest


def radar_scores(
    *,
    zones: list[str],
    indicators: list[str],
    year_from: int | None = None,
    year_to: int | None = None,
    period: str = Period.FULL_YEAR,
    per: str | None = None,
) -> list[dict[str, Any]]:
    """Each drawn zone's latest value of each drawn indicator in the range, scaled 0-1
    (with ``per``, of the divided figures).

    Only what a radar can draw honestly is kept: indicators with values for at least
    ``RADAR_MIN_ZONES`` of the drawn zones, zones with values on at least ``RADAR_MIN_AXES``
    drawn indicators (nothing at all when fewer than two zones remain). Per indicator, among
    the drawn zones only: score = (value - lowest) / (highest - lowest), reversed for a
    lower-is-better indicator (1 is always the best of the drawn zones); 1.0 when all values
    are equal. A zone without a value of an indicator gets no record (never a zero score).
    Records: zone, indicator, year, period, value, score, source.
    """
    frame, _missing = compare_divided(
        zones=zones,
        indicators=indicators,
        year_from=year_from,
        year_to=year_to,
        period=period,
        per=per,
    )
    if frame.empty:
        return []
    latest = _drawable(frame.sort_values("year").groupby(["zone", "indicator"]).tail(1))
    directions = dict(
        Indicator.objects.filter(code__in=indicators).values_list("code", "direction")
    )
    scores = []
    for code in indicators:
        rows = latest[latest["indicator"] == code]
        if rows.empty:
            continue
        low, high = float(rows["value"].min()), float(rows["value"].max())
        for record in rows.to_dict("records"):
            value = float(record["value"])
            score = 1.0 if high == low else (value - low) / (high - low)
            if directions.get(code) == Direction.LOWER_IS_BETTER and high != low:
                score = 1.0 - score
            scores.append(
                {
                    "zone": record["zone"],
                    "indicator": code,
                    "year": int(record["year"]),
                    "period": record["period"],
                    "value": value,
                    "score": round(score, RATIO_DIGITS),
                    "source": record["source"],
                }
            )
    zone_position = {slug: index for index, slug in enumerate(zones)}
    return sorted(
        scores, key=lambda s: (zone_position[s["zone"]], indicators.index(s["indicator"]))
    )
