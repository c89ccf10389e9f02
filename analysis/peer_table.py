"""The table zones like mine are found on: every zone's latest figure of each indicator in a
window of years, and the year of that figure. It is the same for every zone asked about, so
it is kept per data generation (``common.cache``) and read once; at 3,000 zones it is the
cold answer's largest part (see docs/speed.md)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from django.core.cache import cache
from django.db.models import Count, Exists, FloatField
from django.db.models.functions import Cast

from analysis.base import collection_paused
from analysis.rows import fetch_rows
from common.cache import data_generation
from indicators.models import Observation
from zones.models import Zone

# the table outlives no data change (its key holds the data generation); the timeout only
# frees the memory of generations gone by
PEER_TABLE_TIMEOUT = 3600


def window_values(
    *, ids: dict[int, str], year: int, window: int, period: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """zone x indicator (zone ids in ascending order, indicator codes in alphabetical
    order): each zone's latest value in ``year - window + 1``..``year`` and the year of that
    value; a zone or an indicator without any value is not in the table. Read from the cache
    when there, else one query, on ids (no join)."""
    key = f"zonebench:peer-table:{data_generation()}:{period}:{year}:{window}:" + ",".join(
        map(str, sorted(ids))
    )
    cached = cache.get(key)
    if cached is None:
        cached = latest_values(ids=ids, year=year, window=window, period=period)
        cache.set(key, cached, timeout=PEER_TABLE_TIMEOUT)
    values, years = cached
    return values, years


@collection_paused()
def latest_values(
    *, ids: dict[int, str], year: int, window: int, period: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One query of two parts: every figure of ``year`` (a range of the ``obs_ranking``
    index, no sort), and the figures of the earlier years of the window only for the zones
    that lack one of the indicators in ``year``, which PostgreSQL lists before it reads them
    (``InSubquery``: with full coverage it reads no earlier row at all). A sort of the whole
    window in the database (``DISTINCT ON``) spilled to disk at 3,000 zones. Each zone's
    latest figure per indicator is then picked here, with numpy on the rows as the driver
    returns them (pandas' reshaping and Django's converters cost more than the query)."""
    rows = Observation.objects.filter(indicator_id__in=list(ids), period=period).order_by()
    newest = rows.filter(year=year)
    complete = (
        newest.values("zone_id")
        .annotate(found=Count("indicator_id"))
        .filter(found=len(ids))
        .values("zone_id")
    )
    # with every zone complete the one-time test fails and no earlier row is read
    incomplete = Exists(Zone.objects.exclude(pk__in=complete))
    older = rows.filter(incomplete, year__gte=year - window + 1, year__lt=year).exclude(
        zone_id__in=complete
    )
    # a float from the database: a Decimal per row costs more than the query at scale
    columns = ("zone_id", "indicator_id", "year", Cast("value", FloatField()))
    found = fetch_rows(newest.values_list(*columns).union(older.values_list(*columns), all=True))
    if not found:
        return pd.DataFrame(), pd.DataFrame()
    zone_ids, indicator_ids, found_years, numbers = map(np.array, zip(*found, strict=True))
    zones, at_zone = np.unique(zone_ids, return_inverse=True)
    # columns in the order of their codes
    present = np.unique(indicator_ids)
    codes = sorted(ids[int(pk)] for pk in present)
    column_of = np.array([codes.index(ids[int(pk)]) for pk in present])
    at_code = column_of[np.searchsorted(present, indicator_ids)]
    # the latest year of each (zone, indicator): the last of its rows ordered by year
    cell = at_zone * len(codes) + at_code
    order = np.lexsort((found_years, cell))
    last = order[np.append(cell[order][1:] != cell[order][:-1], True)]
    values = np.full((len(zones), len(codes)), np.nan)
    years = np.full((len(zones), len(codes)), np.nan)
    values[at_zone[last], at_code[last]] = numbers[last]
    years[at_zone[last], at_code[last]] = found_years[last]
    index = pd.Index(zones, name="zone")
    labels = pd.Index(codes, name="indicator")
    # copy=False keeps the zones' rows contiguous, as ``unstack`` laid them out before:
    # the means and deviations sum each column in the same order, to the last bit
    return (
        pd.DataFrame(values, index=index, columns=labels, copy=False),
        pd.DataFrame(years, index=index, columns=labels, copy=False),
    )
