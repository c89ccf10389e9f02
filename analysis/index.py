"""Composite index: a scheme's dimensions and weights applied to one year, period and peer set.

The method follows the OECD/JRC handbook's steps, each stated here once:

1. **Normalise** each indicator within the peer set (the zones of the peer set with a value):
   min-max to 0-100, z-score (population standard deviation), percentile rank 0-100, or the
   ratio to the best (or to a target, capped at 100) with the best = 100. Lower-is-better
   indicators are turned round so that a higher score is always better. Where every zone has
   the same value, min-max and percentile give each 100 and z-score 0.
2. **Dimension score**: the weighted mean of a zone's normalised indicators in the dimension,
   the weights of the indicators it has rescaled to 1; no score when it has fewer than the
   dimension's ``min_indicators``.
3. **Index**: the weighted arithmetic (or geometric) mean of the dimension scores, the weights
   of the dimensions with a score rescaled to 1, when those carry at least the scheme's
   ``min_weight_share`` of the weight. A zone below it is listed as "not enough data" with
   the reason and is never ranked: missing is never read as zero.
4. **Rank** 1 = highest index, ties sharing the best rank.

Queries: the scheme (three), the cohort when one is named, the peer set's zones, and the
observations: a constant number whatever the number of zones. The arithmetic runs on whole
matrices (``analysis.index_method``); Python touches each figure once, to keep its provenance.
The scheme's structure and the URL weights live in ``analysis.index_scheme``, the figures'
reads in ``analysis.index_values``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from analysis.base import collection_paused, get_cohort
from analysis.index_method import aggregate, dimension_scores, rank_desc, weight_vector
from analysis.index_scheme import (
    SchemeStructure,
    clean_weights,
    get_scheme,
    parse_weights,
    scheme_choices,
    scheme_queryset,
    shortfall,
    structure_of,
)
from analysis.index_values import Figure, indexed_values, peer_zones
from analysis.index_years import index_years
from analysis.ranking import peer_set
from common.cache import per_generation
from common.codes import clean_choices
from indicators.models import Observation, Period
from indicators.selectors import clean_period, clean_year_range
from zones.models import Cohort, Region, ZoneKind

__all__ = [
    "CompositeIndex",
    "IndexComputation",
    "collection_paused",
    "composite_index",
    "index_computation",
    "index_result",
    "index_sources",
    "index_years",
    "parse_weights",
    "scheme_choices",
    "scheme_queryset",
    "structure_of",
]

SCORE_DIGITS = 2


@dataclass
class IndexedZone:
    zone: str
    name_zh: str
    name_en: str
    index: float | None
    rank: int | None
    n: int
    weight_share: float
    scores: dict[str, float | None]
    coverage: dict[str, list[str]]
    reason_zh: str | None = None
    reason_en: str | None = None
    figures: list[Figure] = field(default_factory=list)

    # Cached per data generation, a row is pickled with its figures as plain tuples: pickle
    # writes a plain tuple in C, a named tuple through a Python call each, which for 45,000
    # figures took longer than computing them.
    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "figures": list(map(tuple, self.figures))}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state, figures=list(map(Figure._make, state["figures"])))


@dataclass
class CompositeIndex:
    scheme: SchemeStructure
    custom_weights: bool
    year: int
    period: str
    peer_set: dict[str, Any]
    n: int
    rows: list[IndexedZone]


@dataclass
class IndexComputation:
    """One scheme applied to one year, period and peer set, before it becomes result rows:
    what ``composite_index``, ``index_sensitivity`` and ``index_rank_shifts`` all read, so a
    page computes it once."""

    structure: SchemeStructure
    custom_weights: bool
    year: int
    period: str
    kind: str | None
    region: str | None
    cohort: Cohort | None
    zones: pd.DataFrame  # slug index; name_zh, name_en
    figures: dict[str, list[Figure]]  # by zone slug, in catalogue order
    table: pd.DataFrame  # zones x indicator codes, NaN = no value
    scores: pd.DataFrame  # zones x dimension codes, NaN = too few indicators
    share: pd.Series  # weight share of the dimensions with a score
    index: pd.Series  # NaN = not enough data


def index_computation(
    *,
    scheme: str,
    year: int,
    period: str = Period.FULL_YEAR,
    kind: str | None = None,
    region: str | None = None,
    cohort: str | None = None,
    weights: dict[str, float] | None = None,
    scheme_param: str = "scheme",
    provenance: bool = True,
) -> IndexComputation:
    """The parameters checked (raising as ``composite_index`` says), the figures fetched and
    the index computed on whole matrices: values, dimension scores, each zone's weight share
    with a score, and its index (NaN when not enough data). Without ``provenance`` the
    figures (``IndexComputation.figures``) are left empty: rank ranges and rank shifts show
    none, and a result row needs them."""
    clean_period(period)
    clean_year_range(year, None)
    clean_choices("kind", [kind] if kind else None, ZoneKind.values)
    clean_choices("region", [region] if region else None, Region.values)
    scheme_obj = get_scheme(scheme, param=scheme_param)
    structure = structure_of(scheme_obj, clean_weights(weights, scheme_obj))
    cohort_obj = get_cohort(cohort)
    catalogue = {
        member.indicator.code: (member.indicator_id, member.indicator.sort_order)
        for dimension in scheme_obj.dimensions.all()
        for member in dimension.members.all()
    }
    zone_frame, values, figures = indexed_values(
        structure=structure,
        catalogue=catalogue,
        year=year,
        period=period,
        zones=peer_zones(kind=kind, region=region, cohort=cohort_obj),
        narrowed=bool(kind or region or cohort_obj),
        provenance=provenance,
    )
    scores = dimension_scores(values, structure)
    weight = weight_vector(structure)
    share = pd.Series(scores.notna().to_numpy(dtype=float) @ weight, index=scores.index)
    index = pd.Series(
        aggregate(scores, weight[np.newaxis, :], structure.aggregation)[:, 0], index=scores.index
    )
    eligible = (share >= structure.min_weight_share - 1e-9) & (share > 0)
    return IndexComputation(
        structure=structure,
        custom_weights=weights is not None,
        year=year,
        period=period,
        kind=kind,
        region=region,
        cohort=cohort_obj,
        zones=zone_frame,
        figures=figures,
        table=values,
        scores=scores,
        share=share,
        index=index.where(eligible),
    )


@per_generation("composite_index")
def composite_index(
    *,
    scheme: str,
    year: int,
    period: str = Period.FULL_YEAR,
    kind: str | None = None,
    region: str | None = None,
    cohort: str | None = None,
    weights: dict[str, float] | None = None,
) -> CompositeIndex:
    """Every zone of the peer set with its index, dimension scores, rank of n and coverage.

    ``scheme`` is a scheme slug; ``weights`` (dimension code -> weight, summing to 1)
    replace the scheme's own. The peer set is all zones narrowed by ``kind``, ``region`` and
    membership of ``cohort``. Only figures of ``year``/``period`` are used. Rows: the ranked
    zones by rank then slug, then the zones with not enough data by slug, each with its
    reason. Unknown codes raise ``UnknownCode``; bad weights ``BadParameter`` naming
    ``weights``.
    """
    return index_result(
        index_computation(
            scheme=scheme,
            year=year,
            period=period,
            kind=kind,
            region=region,
            cohort=cohort,
            weights=weights,
        )
    )


@collection_paused()
def index_result(computation: IndexComputation) -> CompositeIndex:
    """The result rows of a computed index (see ``composite_index``); no query."""
    structure, index = computation.structure, computation.index
    ranks = rank_desc(index).to_numpy()
    n = int(index.notna().sum())
    dimension_codes = list(computation.scores.columns)
    present = computation.table.notna()
    # which of a dimension's indicators a zone has, as one number per zone (a bit per
    # indicator); zones with the same pattern share the list of codes it stands for
    patterns = []
    for dimension in structure.dimensions:
        codes = [member.indicator for member in dimension.members]
        bits = present[codes].to_numpy() @ (1 << np.arange(len(codes)))
        lists = {
            int(bit): [code for j, code in enumerate(codes) if int(bit) >> j & 1]
            for bit in np.unique(bits)
        }
        patterns.append((dimension.code, [lists[bit] for bit in bits.tolist()]))
    rounded = computation.scores.round(SCORE_DIGITS).to_numpy().tolist()
    shares = computation.share.tolist()
    indices = index.tolist()
    names = computation.zones[["name_zh", "name_en"]].to_numpy().tolist()
    rows = []
    for i, zone in enumerate(computation.zones.index):
        scores = {
            code: None if np.isnan(score) else score
            for code, score in zip(dimension_codes, rounded[i], strict=True)
        }
        coverage = {code: list(by_zone[i]) for code, by_zone in patterns}
        ranked = not np.isnan(indices[i])
        reason = None if ranked else shortfall(structure, scores, coverage)
        rows.append(
            IndexedZone(
                zone=zone,
                name_zh=names[i][0],
                name_en=names[i][1],
                index=round(indices[i], SCORE_DIGITS) if ranked else None,
                rank=int(ranks[i]) if ranked else None,
                n=n,
                weight_share=round(shares[i], 4),
                scores=scores,
                coverage=coverage,
                reason_zh=reason[0] if reason else None,
                reason_en=reason[1] if reason else None,
                figures=computation.figures.get(zone, []),
            )
        )
    rows.sort(key=lambda row: (row.rank is None, row.rank or 0, row.zone))
    return CompositeIndex(
        scheme=structure,
        custom_weights=computation.custom_weights,
        year=computation.year,
        period=computation.period,
        peer_set=peer_set(
            kind=computation.kind,
            region=computation.region,
            cohort=computation.cohort,
            reliabilities=None,
        ),
        n=n,
        rows=rows,
    )


def index_sources(computation: IndexComputation, zones: list[str] | None = None) -> list[str]:
    """The keys of the sources of the figures ``computation`` used, of ``zones`` only when
    given (e.g. the zones a chart draws), in key order; one query. For an index computed
    without its provenance."""
    figures = Observation.objects.filter(
        indicator__code__in=list(computation.table.columns),
        year=computation.year,
        period=computation.period,
    )
    if zones is not None:
        figures = figures.filter(zone__slug__in=zones)
    else:
        peers = peer_zones(
            kind=computation.kind, region=computation.region, cohort=computation.cohort
        )
        figures = figures.filter(zone__in=peers.order_by().values("pk"))
    return list(figures.order_by("source__key").values_list("source__key", flat=True).distinct())
