"""What every analysis module shares: the plain result types, the ratio and percentile
formulas, NaN -> None, and the cohort means reported for an indicator.

Results are dataclasses of plain str/int/float/None (``dataclasses.asdict`` gives JSON), or
tidy pandas frames. Every figure carries its provenance: the source key, the figure as
reported, its qualifier and the source's reliability. Only one period is ever used at a time:
a nine-month figure is never ranked or compared with full-year figures. Unknown codes raise
``common.errors.UnknownCode`` and other bad input ``BadParameter``, naming the parameter.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pandas as pd

from common.errors import UnknownCode
from indicators.models import CohortStatistic, Indicator, Period, Statistic
from zones.models import Cohort

RATIO_DIGITS = 4


@dataclass
class IndicatorInfo:
    code: str
    name_zh: str
    name_en: str
    unit: str
    direction: str


@dataclass
class CohortAverage:
    cohort: str
    name_zh: str
    name_en: str
    value: float
    as_reported: str
    qualifier: str
    source: str
    reliability: str

    @classmethod
    def from_statistic(cls, stat: CohortStatistic) -> CohortAverage:
        """From a CohortStatistic with its cohort and source selected."""
        return cls(
            cohort=stat.cohort.slug,
            name_zh=stat.cohort.name_zh,
            name_en=stat.cohort.name_en,
            value=float(stat.value),
            as_reported=stat.as_reported,
            qualifier=stat.qualifier,
            source=stat.source.key,
            reliability=stat.source.reliability,
        )


def get_indicator(code: str) -> Indicator:
    """The catalogue entry of ``code``; ``UnknownCode`` naming ``indicator`` if none."""
    try:
        return Indicator.objects.get(code=code)
    except Indicator.DoesNotExist:
        raise UnknownCode("indicator", code) from None


def indicator_info(indicator: Indicator) -> IndicatorInfo:
    """The plain description of ``indicator`` a result carries."""
    return IndicatorInfo(
        code=indicator.code,
        name_zh=indicator.name_zh,
        name_en=indicator.name_en,
        unit=indicator.unit,
        direction=indicator.direction,
    )


def label_parts(label: object) -> tuple[str, str]:
    """Split a "中文 / English" choice label into its two languages."""
    zh, _, en = str(label).partition(" / ")
    return zh, en or zh


def ratio(value: float, reference: float) -> float | None:
    """``value / reference`` to ``RATIO_DIGITS`` places; None when ``reference`` is 0."""
    if reference == 0:
        return None
    return round(value / reference, RATIO_DIGITS)


def percentile(*, rank: int, n: int) -> float:
    """100 * (n - rank) / (n - 1) to one place: 100 for the top, 0 for the bottom, 100 when
    ``n`` is 1."""
    return round(100.0 * (n - rank) / (n - 1), 1) if n > 1 else 100.0


def without_nan(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` as Python objects with every NaN as None: missing is missing, never 0."""
    return frame.astype(object).where(frame.notna(), None)


def zone_figure(record: dict[str, Any]) -> dict[str, Any]:
    """A row of ``indicators.selectors.frame_from_queryset``'s frame as the fields a zone's
    result row starts from: the zone, its names, the value (a float) and its provenance."""
    return {
        "zone": record["zone"],
        "name_zh": record["zone_name_zh"],
        "name_en": record["zone_name_en"],
        "value": float(record["value"]),
        "as_reported": record["as_reported"],
        "qualifier": record["qualifier"],
        "status": record["status"],
        "source": record["source"],
        "reliability": record["reliability"],
    }


def frame_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of ``frame`` as dicts of plain Python values (NaN becomes None)."""
    if frame.empty:
        return []
    return [
        {key: value.item() if hasattr(value, "item") else value for key, value in row.items()}
        for row in without_nan(frame).to_dict("records")
    ]


def cohort_averages(
    *, indicator: str, year: int, period: str = Period.FULL_YEAR
) -> list[CohortAverage]:
    """The cohort means reported for ``indicator`` in ``year``/``period``, by cohort slug."""
    statistics = (
        CohortStatistic.objects.filter(
            indicator__code=indicator, year=year, period=period, statistic=Statistic.MEAN
        )
        .select_related("cohort", "source")
        .order_by("cohort__slug")
    )
    return [CohortAverage.from_statistic(stat) for stat in statistics]


@contextmanager
def collection_paused() -> Iterator[None]:
    """Python's cycle collector held off while an index's rows are made (a decorator or a
    ``with`` block): tens of thousands of tuples, dicts and strings that form no cycle,
    during whose making the collector would walk every object of the process (some 300,000
    in a worker) again and again: a third of the index's time at 3,000 zones. Reference
    counting still frees everything; the collector runs again after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def get_cohort(slug: str | None) -> Cohort | None:
    """The cohort ``slug`` names, None when no slug narrows the peer set; ``UnknownCode``
    naming ``cohort`` when no cohort has it."""
    return required_cohort(slug) if slug else None


def required_cohort(slug: str) -> Cohort:
    """The cohort ``slug`` names where one is required (an empty slug names none);
    ``UnknownCode`` naming ``cohort`` otherwise."""
    try:
        return Cohort.objects.get(slug=slug)
    except Cohort.DoesNotExist:
        raise UnknownCode("cohort", slug) from None
