"""The figures a composite index reads: the peer set's zones and their values of a scheme's
indicators in one year and period, with each figure's provenance (``analysis.index`` computes
the index from them). Two queries, whatever the number of zones."""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
import pandas as pd
from django.db import connections
from django.db.models import FloatField, QuerySet
from django.db.models.functions import Cast

from analysis.base import collection_paused
from analysis.index_scheme import SchemeStructure
from indicators.models import Observation
from zones.models import Cohort, Zone


class Figure(NamedTuple):
    """One figure an index used, with its provenance (a named tuple: a cached index holds
    tens of thousands of them, and a tuple is the cheapest to pickle and load)."""

    indicator: str
    value: float
    as_reported: str
    qualifier: str
    source: str
    reliability: str


def peer_zones(*, kind: str | None, region: str | None, cohort: Cohort | None) -> QuerySet[Zone]:
    zones: QuerySet[Zone] = Zone.objects.all()
    if kind:
        zones = zones.filter(kind=kind)
    if region:
        zones = zones.filter(region=region)
    if cohort:
        zones = zones.filter(cohorts=cohort)
    return zones


@collection_paused()
def indexed_values(
    *,
    structure: SchemeStructure,
    catalogue: dict[str, tuple[int, int]],
    year: int,
    period: str,
    zones: QuerySet[Zone],
    narrowed: bool,
    provenance: bool,
) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, list[Figure]]]:
    """The peer set's ``zones`` (slug index, names), their values of the scheme's indicators
    (zones x codes, in catalogue order) and, with ``provenance``, their figures with
    provenance by zone, in catalogue order. ``catalogue``: indicator code -> (id, sort
    order). Two queries. The figures are picked by indicator id and come as floats (a Decimal
    per row costs more than the query); without ``provenance`` only zone, indicator and value
    are read, all of them in the ``obs_ranking`` index, so PostgreSQL need not visit the
    table (an index-only scan)."""
    zone_rows = list(zones.order_by("slug").values_list("pk", "slug", "name_zh", "name_en"))
    zone_frame = pd.DataFrame(
        [row[1:] for row in zone_rows], columns=["zone", "name_zh", "name_en"]
    ).set_index("zone")
    codes = sorted(
        {m.indicator for d in structure.dimensions for m in d.members},
        key=lambda code: (catalogue[code][1], code),
    )
    ids = [catalogue[code][0] for code in codes]
    queryset = Observation.objects.filter(indicator_id__in=ids, year=year, period=period).order_by()
    if narrowed:
        queryset = queryset.filter(zone__in=zones.order_by().values("pk"))
    columns: list[Any] = ["zone_id", "indicator_id", Cast("value", FloatField())]
    if provenance:
        columns += ["as_reported", "qualifier", "source__key", "source__reliability"]
    sql, params = queryset.values_list(*columns).query.sql_with_params()
    # the ORM's own SQL, read straight from the cursor: every column already has its Python
    # type, and Django's per-row converters cost more than the rows at 3,000 zones
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    values = np.full((len(zone_rows), len(codes)), np.nan)
    figures: dict[str, list[Figure]] = {}
    if rows:
        zone_ids, indicator_ids, numbers = list(zip(*rows, strict=True))[:3]
        at_zone = pd.Index([row[0] for row in zone_rows]).get_indexer(zone_ids)
        at_code = pd.Index(ids).get_indexer(indicator_ids)
        values[at_zone, at_code] = numbers
        if provenance:
            figures = zone_figures(rows, at_zone, at_code, codes, list(zone_frame.index))
    return zone_frame, pd.DataFrame(values, index=zone_frame.index, columns=codes), figures


def zone_figures(
    rows: list[tuple[Any, ...]],
    at_zone: np.ndarray,
    at_code: np.ndarray,
    codes: list[str],
    slugs: list[str],
) -> dict[str, list[Figure]]:
    """The fetched ``rows`` (zone id, indicator id, value, provenance...) as each zone's
    figures in catalogue order: ``at_zone``/``at_code`` are each row's zone and column."""
    order = np.lexsort((at_code, at_zone))
    zone_order = at_zone[order]
    made = [
        Figure(codes[code], *rows[i][2:])
        for i, code in zip(order.tolist(), at_code[order].tolist(), strict=True)
    ]
    starts = np.flatnonzero(np.r_[True, zone_order[1:] != zone_order[:-1]]).tolist()
    ends = [*starts[1:], len(made)]
    zones = zone_order[starts].tolist()
    return {
        slugs[zone]: made[start:end] for zone, start, end in zip(zones, starts, ends, strict=True)
    }
