"""How far an index's ranking depends on its weights: rank ranges under perturbed weights,
leave-one-dimension-out, and rank shifts between two schemes.

The perturbation follows the OECD/JRC handbook's uncertainty analysis: each dimension's
weight is multiplied by a factor drawn uniformly from 1 ± ``SPREAD`` and the weights are
rescaled to sum to 1, ``draws`` times, with a fixed seed (the same request gives the same
ranges). Only the zones ranked under the scheme's own weights take part; their dimension
scores are fixed, so all draws are one (zones x dimensions) @ (dimensions x draws) matrix
product, ranked by one sort of the resulting matrix.

``sensitivity_of`` and ``rank_shifts_of`` take an index already computed
(``analysis.index.index_computation``), so a page computing the index once reuses it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from analysis.index import IndexComputation, index_computation
from analysis.index_method import aggregate, rank_desc, rank_rows_desc, weight_vector
from common.cache import per_generation
from common.errors import BadParameter
from indicators.models import Period

SEED = 20211
SPREAD = 0.25
MAX_DRAWS = 5000


@dataclass
class RankRange:
    zone: str
    name_zh: str
    name_en: str
    rank: int
    n: int
    rank_min: int
    rank_p05: float
    rank_median: float
    rank_p95: float
    rank_max: int
    without: dict[str, int | None]


@dataclass
class IndexSensitivity:
    scheme: str
    year: int
    period: str
    draws: int
    seed: int
    spread: float
    rows: list[RankRange]


@dataclass
class RankShift:
    zone: str
    name_zh: str
    name_en: str
    rank_a: int | None
    rank_b: int | None
    shift: int | None


def perturbed_weights(weights: np.ndarray, *, draws: int, seed: int = SEED) -> np.ndarray:
    """``draws`` x dimensions: each weight times U(1 - SPREAD, 1 + SPREAD), rescaled to 1."""
    rng = np.random.default_rng(seed)
    factors = rng.uniform(1 - SPREAD, 1 + SPREAD, size=(draws, len(weights)))
    drawn = factors * weights
    rescaled: np.ndarray = drawn / drawn.sum(axis=1, keepdims=True)
    return rescaled


def clean_draws(draws: int) -> None:
    if not 1 <= draws <= MAX_DRAWS:
        raise BadParameter("draws", draws, f"须在 1-{MAX_DRAWS} 之间 / must be 1-{MAX_DRAWS}")


def leave_one_out_weights(weights: np.ndarray) -> np.ndarray:
    """One row per dimension: its weight set to 0, the others rescaled to 1."""
    rows = np.tile(weights, (len(weights), 1))
    np.fill_diagonal(rows, 0)
    totals = rows.sum(axis=1, keepdims=True)
    rescaled: np.ndarray = np.divide(rows, totals, out=np.zeros_like(rows), where=totals > 0)
    return rescaled


@per_generation("index_sensitivity")
def index_sensitivity(
    *,
    scheme: str,
    year: int,
    period: str = Period.FULL_YEAR,
    kind: str | None = None,
    region: str | None = None,
    cohort: str | None = None,
    weights: dict[str, float] | None = None,
    draws: int = 1000,
) -> IndexSensitivity:
    """For each zone ranked by ``composite_index`` with the same arguments: its rank, the
    range of its ranks over ``draws`` perturbed weight sets (min, 5th percentile, median,
    95th percentile, max) and its rank with each dimension left out (None when the zone has
    a score on that dimension only). ``draws`` runs 1..``MAX_DRAWS``, else ``BadParameter``.
    Rows are ordered by rank, then zone slug.
    """
    clean_draws(draws)
    peer: dict[str, Any] = {"kind": kind, "region": region, "cohort": cohort}
    computation = index_computation(
        scheme=scheme, year=year, period=period, **peer, weights=weights, provenance=False
    )
    return sensitivity_of(computation, draws=draws)


def sensitivity_of(computation: IndexComputation, *, draws: int = 1000) -> IndexSensitivity:
    """``index_sensitivity`` of an index already computed; no query."""
    clean_draws(draws)
    structure, index = computation.structure, computation.index
    ranked = index.dropna().index
    scores = computation.scores.loc[ranked]
    base = weight_vector(structure)
    rank = rank_desc(index.loc[ranked]).to_numpy()
    # draws x zones, each draw's row contiguous for its sort
    drawn = rank_rows_desc(
        np.ascontiguousarray(
            aggregate(scores, perturbed_weights(base, draws=draws), structure.aggregation).T
        )
    )
    dropped = rank_rows_desc(
        np.ascontiguousarray(
            aggregate(scores, leave_one_out_weights(base), structure.aggregation).T
        )
    ).T.tolist()
    percentile = np.nanpercentile if np.isnan(drawn).any() else np.percentile
    quantiles = percentile(drawn, [0, 5, 50, 95, 100], axis=0).tolist()
    codes = [dimension.code for dimension in structure.dimensions]
    names = computation.zones.loc[ranked, ["name_zh", "name_en"]].to_numpy().tolist()
    rows = [
        RankRange(
            zone=zone,
            name_zh=names[i][0],
            name_en=names[i][1],
            rank=int(rank[i]),
            n=len(ranked),
            rank_min=int(quantiles[0][i]),
            rank_p05=float(quantiles[1][i]),
            rank_median=float(quantiles[2][i]),
            rank_p95=float(quantiles[3][i]),
            rank_max=int(quantiles[4][i]),
            without={
                code: None if np.isnan(value) else int(value)
                for code, value in zip(codes, dropped[i], strict=True)
            },
        )
        for i, zone in enumerate(ranked)
    ]
    rows.sort(key=lambda row: (row.rank, row.zone))
    return IndexSensitivity(
        scheme=structure.slug,
        year=computation.year,
        period=computation.period,
        draws=draws,
        seed=SEED,
        spread=SPREAD,
        rows=rows,
    )


@per_generation("index_rank_shifts")
def index_rank_shifts(
    *,
    scheme: str,
    other: str,
    year: int,
    period: str = Period.FULL_YEAR,
    kind: str | None = None,
    region: str | None = None,
    cohort: str | None = None,
) -> list[RankShift]:
    """Each zone ranked by ``scheme`` or by ``other`` (same year, period and peer set): its
    rank under each (None where not ranked) and ``shift`` = rank under ``scheme`` minus rank
    under ``other`` (positive: ``other`` places it higher). Ordered by the rank under
    ``scheme``, then under ``other``, then slug. An unknown ``other`` names ``compare``."""
    computations = [
        index_computation(
            scheme=slug,
            year=year,
            period=period,
            kind=kind,
            region=region,
            cohort=cohort,
            scheme_param=param,
            provenance=False,
        )
        for slug, param in ((scheme, "scheme"), (other, "compare"))
    ]
    return rank_shifts_of(*computations)


def rank_shifts_against(computation: IndexComputation, other: str) -> list[RankShift]:
    """``index_rank_shifts`` from ``computation``'s scheme to ``other`` over its year, period
    and peer set; ``computation`` is reused unless it has a planner's own weights (the shifts
    are between the schemes' own weights)."""
    args: dict[str, Any] = {
        "year": computation.year,
        "period": computation.period,
        "kind": computation.kind,
        "region": computation.region,
        "cohort": computation.cohort.slug if computation.cohort else None,
    }
    own = computation
    if computation.custom_weights:
        own = index_computation(scheme=computation.structure.slug, **args, provenance=False)
    return rank_shifts_of(
        own, index_computation(scheme=other, **args, scheme_param="compare", provenance=False)
    )


def rank_shifts_of(first: IndexComputation, second: IndexComputation) -> list[RankShift]:
    """``index_rank_shifts`` of two indexes already computed over the same peer set."""
    table = pd.DataFrame({"a": rank_desc(first.index), "b": rank_desc(second.index)})
    table = table.dropna(how="all").join(first.zones[["name_zh", "name_en"]])
    table["slug"] = table.index
    table = table.sort_values(["a", "b", "slug"], na_position="last")
    return [
        RankShift(
            zone=zone,
            name_zh=row.name_zh,
            name_en=row.name_en,
            rank_a=None if np.isnan(row.a) else int(row.a),
            rank_b=None if np.isnan(row.b) else int(row.b),
            shift=None if np.isnan(row.a) or np.isnan(row.b) else int(row.a - row.b),
        )
        for zone, row in table.iterrows()
    ]
