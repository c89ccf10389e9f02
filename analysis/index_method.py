"""The composite index's arithmetic on whole matrices: normalisation column by column,
dimension scores and aggregation as matrix products, ranks.

Every function takes and returns arrays or frames of the whole peer set (zones in rows), so
the cost grows with the number of indicators and dimensions, not with a Python loop over
zones. The rules are stated once, in ``analysis.index``'s docstring; NaN is "no value"
throughout and is never read as zero.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd

from analysis.index_scheme import SchemeStructure
from indicators.models import Aggregation, Direction, Normalisation


def _column_stats(values: np.ndarray) -> dict[str, np.ndarray]:
    """Per column over the present values: count, min, max, mean and population std (NaN
    for a column without a value)."""
    present = ~np.isnan(values)
    count = present.sum(axis=0)
    empty = count == 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # an all-NaN column gives NaN
        return {
            "count": count,
            "min": np.where(empty, np.nan, np.min(values, axis=0, initial=np.inf, where=present)),
            "max": np.where(empty, np.nan, np.max(values, axis=0, initial=-np.inf, where=present)),
            "mean": np.nanmean(values, axis=0),
            "std": np.nanstd(values, axis=0),
        }


def normalise(
    values: np.ndarray, *, method: str, lower: np.ndarray, targets: np.ndarray
) -> np.ndarray:
    """Each column of ``values`` (zones x scheme members, NaN = no value) on the common
    scale, higher = better, within the column's present values. ``lower``: per column, True
    where lower is better; ``targets``: per column, the target (NaN where none). See
    ``analysis.index`` for each ``method``."""
    present = ~np.isnan(values)
    stats = _column_stats(values)
    count = stats["count"]
    with np.errstate(divide="ignore", invalid="ignore"):
        if method == Normalisation.MIN_MAX:
            spread = stats["max"] - stats["min"]
            scaled = (values - stats["min"]) / spread * 100
            scores = np.where(lower, 100 - scaled, scaled)
            scores = np.where(present & (spread == 0), 100.0, scores)
        elif method == Normalisation.Z_SCORE:
            z = (values - stats["mean"]) / stats["std"]
            scores = np.where(lower, -z, z)
            scores = np.where(present & (stats["std"] == 0), 0.0, scores)
        elif method == Normalisation.PERCENTILE:
            # ranked from the worst: lower-is-better columns turned round first; ties average
            turned = np.where(lower, -values, values)
            ranks = pd.DataFrame(turned).rank(method="average").to_numpy()
            scores = (ranks - 1) / (count - 1) * 100
            scores = np.where(present & (count == 1), 100.0, scores)
        else:
            scores = _ratio_scores(values, method=method, lower=lower, targets=targets, **stats)
    return np.where(present, scores, np.nan)


def _ratio_scores(
    values: np.ndarray,
    *,
    method: str,
    lower: np.ndarray,
    targets: np.ndarray,
    **stats: np.ndarray,
) -> np.ndarray:
    """Distance to the best (or to a target) is a ratio: it suits positive amounts, and a
    value at or below zero scores 0 (or 100 when lower is better). A target caps at 100."""
    reference = np.where(lower, stats["min"], stats["max"])
    capped = ~np.isnan(targets) & (method == Normalisation.DISTANCE_TO_TARGET)
    reference = np.where(capped, targets, reference)
    positive = np.where(values > 0, values, np.nan)
    ratio = np.where(lower, reference / positive, positive / reference)
    scores = np.where(values > 0, 100 * ratio, np.where(lower, 100.0, 0.0))
    return np.where(capped, np.minimum(scores, 100), scores)


def member_table(structure: SchemeStructure) -> dict[str, Any]:
    """The scheme's members in order (one column each, an indicator may sit in two
    dimensions): indicator codes, lower-is-better flags, targets, and the members x
    dimensions matrices of weights and of membership."""
    members = [
        (d, m) for d in range(len(structure.dimensions)) for m in structure.dimensions[d].members
    ]
    weights = np.zeros((len(members), len(structure.dimensions)))
    membership = np.zeros_like(weights)
    for column, (d, member) in enumerate(members):
        weights[column, d] = member.weight
        membership[column, d] = 1
    return {
        "codes": [member.indicator for _, member in members],
        "lower": np.array(
            [member.direction == Direction.LOWER_IS_BETTER for _, member in members], dtype=bool
        ),
        "targets": np.array(
            [np.nan if member.target is None else member.target for _, member in members],
            dtype=float,
        ),
        "weights": weights,
        "membership": membership,
    }


def dimension_scores(values: pd.DataFrame, structure: SchemeStructure) -> pd.DataFrame:
    """Dimension scores (zones x dimension codes), NaN where a zone has fewer than the
    dimension's ``min_indicators``: the weighted mean of its normalised indicators, the
    weights of those it has rescaled to 1.

    ``values``: zones x indicator codes, NaN where a zone has no value."""
    table = member_table(structure)
    columns = values.reindex(columns=table["codes"]).to_numpy(dtype=float)
    normalised = normalise(
        columns,
        method=structure.normalisation,
        lower=table["lower"],
        targets=table["targets"],
    )
    present = ~np.isnan(normalised)
    weight_present = present @ table["weights"]
    weighted = np.where(present, normalised, 0.0) @ table["weights"]
    with np.errstate(divide="ignore", invalid="ignore"):
        score = weighted / np.where(weight_present > 0, weight_present, np.nan)
    minimum = np.array([d.min_indicators for d in structure.dimensions])
    enough = present @ table["membership"] >= minimum
    return pd.DataFrame(
        np.where(enough, score, np.nan),
        index=values.index,
        columns=[d.code for d in structure.dimensions],
    )


def aggregate(scores: pd.DataFrame, weights: np.ndarray, aggregation: str) -> np.ndarray:
    """Index per zone and weight set: ``scores`` zones x dimensions, ``weights`` draws x
    dimensions; returns zones x draws, NaN where a zone has no dimension with weight.

    Each zone's weights are rescaled over the dimensions it has a score on."""
    present = scores.notna().to_numpy(dtype=float)
    share = present @ weights.T
    share[share <= 0] = np.nan
    if aggregation == Aggregation.GEOMETRIC:
        with np.errstate(divide="ignore"):
            logs = np.log(scores.clip(lower=0).fillna(1).to_numpy(dtype=float))
        result: np.ndarray = np.exp((logs @ weights.T) / share)
    else:
        result = (scores.fillna(0).to_numpy(dtype=float) @ weights.T) / share
    return result


def weight_vector(structure: SchemeStructure) -> np.ndarray:
    return np.array([dimension.weight for dimension in structure.dimensions], dtype=float)


def rank_desc(values: pd.Series | pd.DataFrame) -> Any:
    """Rank 1 = highest; ties share the best rank; NaN stays NaN."""
    return values.rank(method="min", ascending=False, na_option="keep")


def rank_rows_desc(values: np.ndarray) -> np.ndarray:
    """``rank_desc`` within each row of a 2-D array (e.g. draws x zones), by one sort of the
    whole array along its rows: rank 1 = highest, ties share the best rank, NaN stays NaN."""
    n = values.shape[1]
    order = np.argsort(-values, axis=1)  # NaN sorts last; ties end up side by side
    ordered = np.take_along_axis(values, order, axis=1)
    starts = np.ones(values.shape, dtype=bool)
    starts[:, 1:] = ordered[:, 1:] != ordered[:, :-1]
    positions = np.broadcast_to(np.arange(n, dtype=float), values.shape)
    first = np.maximum.accumulate(np.where(starts, positions, 0.0), axis=1)
    ranks = np.empty(values.shape, dtype=float)
    np.put_along_axis(ranks, order, first + 1.0, axis=1)
    return np.where(np.isnan(values), np.nan, ranks)
