"""A cohort's distribution, not only its mean: the quartiles of its known members' figures.

Sources report a cohort's mean (document 002's 52 new centres...); ZoneBench holds some of the
cohort's members and their own figures. From those it computes, per indicator, year and
period, the members' median and quartiles (pandas' linear interpolation, Hyndman and Fan's
type 7, as Excel's QUARTILE.INC), minimum and maximum, with ``n``, the members with a figure,
next to the number of known members. These are computed from n members, never a reported
statistic, and only when at least ``MIN_MEMBERS`` members have a figure; otherwise the
quartiles are None ("not enough data") and only ``n`` is given.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd
from django.db.models import Count, Q

from indicators.models import Observation
from zones.models import Cohort

MIN_MEMBERS = 3
DIGITS = 4


@dataclass
class CohortDistribution:
    cohort: str
    name_zh: str
    name_en: str
    indicator: str
    year: int
    period: str
    n: int  # known members with a figure
    members: int  # known members in the data
    q1: float | None
    median: float | None
    q3: float | None
    minimum: float | None
    maximum: float | None
    computed: bool = True  # from the members' figures, never as reported


def quartiles(values: Iterable[float]) -> tuple[float, float, float] | None:
    """Q1, median and Q3 of ``values`` (type 7), rounded; None with fewer than
    ``MIN_MEMBERS`` values."""
    series = pd.Series(list(values), dtype=float)
    if len(series) < MIN_MEMBERS:
        return None
    q1, q2, q3 = (round(float(series.quantile(q)), DIGITS) for q in (0.25, 0.5, 0.75))
    return q1, q2, q3


def cohort_distributions(
    *,
    slots: Iterable[tuple[str, int]],
    period: str,
    cohorts: Iterable[str] | None = None,
) -> list[CohortDistribution]:
    """The members' distribution of each (indicator code, year) in ``slots``, in ``period``,
    for ``cohorts`` (slugs; None: every cohort with a member holding such a figure). One
    entry per cohort and slot with at least one figure, by cohort then slot. Two queries."""
    wanted = Q()
    for code, year in set(slots):
        wanted |= Q(indicator__code=code, year=year)
    if not wanted:
        return []
    # one filter() call: the cohort condition and the cohort read share one join
    membership = (
        {"zone__cohorts__isnull": False}
        if cohorts is None
        else {"zone__cohorts__slug__in": list(cohorts)}
    )
    rows = list(
        Observation.objects.filter(wanted, period=period, **membership)
        .order_by()
        .values_list("zone__cohorts__slug", "indicator__code", "year", "value")
    )
    if not rows:
        return []
    frame = pd.DataFrame(rows, columns=["cohort", "indicator", "year", "value"])
    frame["value"] = frame["value"].astype(float)
    info = {
        item.slug: item
        for item in Cohort.objects.filter(slug__in=frame["cohort"].unique().tolist()).annotate(
            known=Count("members")
        )
    }
    out = []
    for (slug, code, year), group in frame.groupby(["cohort", "indicator", "year"], sort=True):
        values = group["value"].tolist()
        found = quartiles(values)
        cohort = info[str(slug)]
        out.append(
            CohortDistribution(
                cohort=cohort.slug,
                name_zh=cohort.name_zh,
                name_en=cohort.name_en,
                indicator=str(code),
                year=int(year),
                period=period,
                n=len(values),
                members=cohort.known,  # the annotation
                q1=found[0] if found else None,
                median=found[1] if found else None,
                q3=found[2] if found else None,
                minimum=min(values) if found else None,
                maximum=max(values) if found else None,
            )
        )
    return out
