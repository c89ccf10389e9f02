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
observations: a constant number whatever the number of zones.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from django.db.models import Prefetch, QuerySet

from analysis.ranking import peer_set
from common.cache import per_generation
from common.codes import clean_choices, split_codes
from common.errors import BadParameter, UnknownCode
from indicators.models import (
    Aggregation,
    Direction,
    Normalisation,
    Period,
    Scheme,
    SchemeDimension,
    SchemeIndicator,
)
from indicators.selectors import clean_period, clean_year_range, observation_queryset
from zones.models import Cohort, Region, Zone, ZoneKind

SCORE_DIGITS = 2
WEIGHT_TOLERANCE = 1e-3


@dataclass
class Member:
    indicator: str
    name_zh: str
    name_en: str
    unit: str
    weight: float
    direction: str
    target: float | None


@dataclass
class Dimension:
    code: str
    name_zh: str
    name_en: str
    weight: float
    scheme_weight: float
    weight_verified: bool
    weight_note: str
    min_indicators: int
    members: list[Member]


@dataclass
class SchemeStructure:
    slug: str
    name_zh: str
    name_en: str
    normalisation: str
    aggregation: str
    min_weight_share: float
    source_title: str
    source_url: str
    verification: str
    dimensions: list[Dimension]


@dataclass
class Figure:
    indicator: str
    value: float
    as_reported: str
    qualifier: str
    source: str
    reliability: str


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


@dataclass
class CompositeIndex:
    scheme: SchemeStructure
    custom_weights: bool
    year: int
    period: str
    peer_set: dict[str, Any]
    n: int
    rows: list[IndexedZone]


def scheme_queryset() -> QuerySet[Scheme]:
    """Schemes with their dimensions and indicators prefetched (three queries in all)."""
    members = SchemeIndicator.objects.select_related("indicator").order_by("indicator__code")
    dimensions = SchemeDimension.objects.order_by("sort_order", "code").prefetch_related(
        Prefetch("members", queryset=members)
    )
    return Scheme.objects.prefetch_related(Prefetch("dimensions", queryset=dimensions))


def structure_of(scheme: Scheme, weights: dict[str, float] | None = None) -> SchemeStructure:
    """The plain structure of a prefetched ``scheme``, with ``weights`` replacing its own."""
    dimensions = []
    for dimension in scheme.dimensions.all():
        own = float(dimension.weight)
        dimensions.append(
            Dimension(
                code=dimension.code,
                name_zh=dimension.name_zh,
                name_en=dimension.name_en,
                weight=weights[dimension.code] if weights else own,
                scheme_weight=own,
                weight_verified=dimension.weight_verified,
                weight_note=dimension.weight_note,
                min_indicators=dimension.min_indicators,
                members=[
                    Member(
                        indicator=member.indicator.code,
                        name_zh=member.indicator.name_zh,
                        name_en=member.indicator.name_en,
                        unit=member.indicator.unit,
                        weight=float(member.weight),
                        direction=member.direction,
                        target=float(member.target) if member.target is not None else None,
                    )
                    for member in dimension.members.all()
                ],
            )
        )
    return SchemeStructure(
        slug=scheme.slug,
        name_zh=scheme.name_zh,
        name_en=scheme.name_en,
        normalisation=scheme.normalisation,
        aggregation=scheme.aggregation,
        min_weight_share=float(scheme.min_weight_share),
        source_title=scheme.source_title,
        source_url=scheme.source_url,
        verification=scheme.verification,
        dimensions=dimensions,
    )


def get_scheme(slug: str, *, param: str = "scheme") -> Scheme:
    """The prefetched scheme ``slug``; ``UnknownCode`` naming ``param`` if none."""
    try:
        return scheme_queryset().get(slug=slug)
    except Scheme.DoesNotExist:
        raise UnknownCode(param, slug) from None


def parse_weights(text: str) -> dict[str, float]:
    """``"growth:0.3,scale:0.7"`` -> ``{"growth": 0.3, "scale": 0.7}``; ``BadParameter``
    naming ``weights`` for anything else. The URL form of a planner's own weights."""
    weights: dict[str, float] = {}
    for part in split_codes(text):
        code, colon, number = part.partition(":")
        try:
            weights[code.strip()] = float(number) if colon else float("nan")
        except ValueError:
            weights[code.strip()] = float("nan")
        if not np.isfinite(weights[code.strip()]):
            raise BadParameter(
                "weights", text, f"须为 维度:权重 / expected dimension:weight, got {part!r}"
            )
    return weights


def clean_weights(weights: dict[str, float] | None, scheme: Scheme) -> dict[str, float] | None:
    """``weights`` if they name every dimension of ``scheme`` once, none is negative and they
    sum to 1 (within 0.001); else ``BadParameter`` naming ``weights``."""
    if weights is None:
        return None
    codes = [dimension.code for dimension in scheme.dimensions.all()]
    unknown = sorted(set(weights) - set(codes))
    if unknown:
        raise UnknownCode(
            "weights", unknown, f"未知的维度 / unknown dimension: {', '.join(unknown)}"
        )
    missing = [code for code in codes if code not in weights]
    if missing:
        raise BadParameter(
            "weights", weights, f"缺少维度的权重 / no weight for: {', '.join(missing)}"
        )
    if any(not np.isfinite(w) or w < 0 for w in weights.values()):
        raise BadParameter("weights", weights, "权重不能为负 / a weight cannot be negative")
    total = sum(weights.values())
    if abs(total - 1) > WEIGHT_TOLERANCE:
        raise BadParameter(
            "weights", weights, f"权重之和须为1，现为 {total:.4g} / weights must sum to 1"
        )
    return weights


def normalise(values: pd.Series, *, method: str, direction: str, target: float | None) -> pd.Series:
    """One indicator's values over the peer set (NaN = no value) on the common scale,
    higher = better. See the module docstring for each ``method``."""
    present = values.dropna()
    lower = direction == Direction.LOWER_IS_BETTER
    if present.empty:
        return values
    if method == Normalisation.MIN_MAX:
        low, high = present.min(), present.max()
        if high == low:
            return values.where(values.isna(), 100.0)
        scaled = (values - low) / (high - low) * 100
        return 100 - scaled if lower else scaled
    if method == Normalisation.Z_SCORE:
        spread = present.std(ddof=0)
        if spread == 0:
            return values.where(values.isna(), 0.0)
        z = (values - present.mean()) / spread
        return -z if lower else z
    if method == Normalisation.PERCENTILE:
        if len(present) == 1:
            return values.where(values.isna(), 100.0)
        ranks = values.rank(method="average", ascending=not lower)
        return (ranks - 1) / (len(present) - 1) * 100
    # Distance to the best (or to a target) is a ratio: it suits positive amounts, and a
    # value at or below zero scores 0 (or 100 when lower is better).
    reference = present.min() if lower else present.max()
    capped = method == Normalisation.DISTANCE_TO_TARGET and target is not None
    if capped:
        reference = target
    positive = values.where(values > 0)
    ratio = reference / positive if lower else positive / reference
    scores = (100 * ratio).where(values.isna() | (values > 0), 100.0 if lower else 0.0)
    return scores.clip(upper=100) if capped else scores


def dimension_scores(
    values: pd.DataFrame, structure: SchemeStructure
) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    """Dimension scores (zones x dimension codes, NaN where a zone has too few indicators)
    and, per dimension, the normalised indicators (zones x indicator codes) behind them.

    ``values``: zones x indicator codes, NaN where a zone has no value."""
    scores = pd.DataFrame(index=values.index)
    normalised: dict[str, pd.DataFrame] = {}
    for dimension in structure.dimensions:
        columns = {}
        for member in dimension.members:
            column = values.get(member.indicator, pd.Series(np.nan, index=values.index))
            columns[member.indicator] = normalise(
                column.astype(float),
                method=structure.normalisation,
                direction=member.direction,
                target=member.target,
            )
        frame = pd.DataFrame(columns, index=values.index)
        normalised[dimension.code] = frame
        member_weights = pd.Series({m.indicator: m.weight for m in dimension.members})
        present = frame.notna()
        weight_present = present.mul(member_weights, axis=1).sum(axis=1)
        weighted = frame.fillna(0).mul(member_weights, axis=1).sum(axis=1)
        score = weighted / weight_present.where(weight_present > 0)
        enough = present.sum(axis=1) >= dimension.min_indicators
        scores[dimension.code] = score.where(enough)
    return scores, normalised


def aggregate(scores: pd.DataFrame, weights: np.ndarray, aggregation: str) -> pd.DataFrame:
    """Index per zone and weight set: ``scores`` zones x dimensions, ``weights`` draws x
    dimensions; returns zones x draws, NaN where a zone has no dimension with weight.

    Each zone's weights are rescaled over the dimensions it has a score on."""
    present = scores.notna().to_numpy(dtype=float)
    share = present @ weights.T
    share[share <= 0] = np.nan
    if aggregation == Aggregation.GEOMETRIC:
        with np.errstate(divide="ignore"):
            logs = np.log(scores.clip(lower=0).fillna(1).to_numpy(dtype=float))
        result = np.exp((logs @ weights.T) / share)
    else:
        result = (scores.fillna(0).to_numpy(dtype=float) @ weights.T) / share
    return pd.DataFrame(result, index=scores.index)


def weight_vector(structure: SchemeStructure) -> np.ndarray:
    return np.array([dimension.weight for dimension in structure.dimensions], dtype=float)


def rank_desc(values: pd.Series | pd.DataFrame) -> Any:
    """Rank 1 = highest; ties share the best rank; NaN stays NaN."""
    return values.rank(method="min", ascending=False, na_option="keep")


def peer_zones(*, kind: str | None, region: str | None, cohort: Cohort | None) -> QuerySet[Zone]:
    zones: QuerySet[Zone] = Zone.objects.all()
    if kind:
        zones = zones.filter(kind=kind)
    if region:
        zones = zones.filter(region=region)
    if cohort:
        zones = zones.filter(cohorts=cohort)
    return zones


def indexed_values(
    *,
    structure: SchemeStructure,
    year: int,
    period: str,
    kind: str | None,
    region: str | None,
    cohort: Cohort | None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The peer set's zones (slug index, names) and its figures of the scheme's indicators
    (one row per figure, with provenance). Two queries."""
    zones = peer_zones(kind=kind, region=region, cohort=cohort)
    zone_frame = pd.DataFrame(
        list(zones.values_list("slug", "name_zh", "name_en")),
        columns=["zone", "name_zh", "name_en"],
    ).set_index("zone")
    codes = sorted({m.indicator for d in structure.dimensions for m in d.members})
    queryset = observation_queryset(
        indicators=codes, year_from=year, year_to=year, periods=[period]
    ).filter(zone__in=zones)
    columns = ["zone", "indicator", "value", "as_reported", "qualifier", "source", "reliability"]
    rows = queryset.values_list(
        "zone__slug",
        "indicator__code",
        "value",
        "as_reported",
        "qualifier",
        "source__key",
        "source__reliability",
    )
    figures = pd.DataFrame(list(rows), columns=columns)
    figures["value"] = figures["value"].astype(float)
    return zone_frame, figures


def index_frames(
    structure: SchemeStructure, zone_frame: pd.DataFrame, figures: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame, pd.Series, pd.Series]:
    """Values (zones x indicators), dimension scores, each zone's weight share with a score,
    and its index (NaN when not enough data)."""
    # One figure per zone, indicator, year and period (a database constraint): no aggregation.
    values = figures.pivot_table(
        index="zone", columns="indicator", values="value", aggfunc="first"
    ).reindex(zone_frame.index)
    scores, _ = dimension_scores(values, structure)
    weights = weight_vector(structure)
    share = pd.Series(scores.notna().to_numpy(dtype=float) @ weights, index=scores.index)
    index = aggregate(scores, weights[np.newaxis, :], structure.aggregation)[0]
    eligible = (share >= structure.min_weight_share - 1e-9) & (share > 0)
    return values, scores, share, index.where(eligible)


def index_inputs(
    *,
    scheme: str,
    year: int,
    period: str,
    kind: str | None,
    region: str | None,
    cohort: str | None,
    weights: dict[str, float] | None,
    scheme_param: str = "scheme",
) -> tuple[SchemeStructure, Cohort | None, pd.DataFrame, pd.DataFrame]:
    """The parameters checked, the scheme's structure, the cohort, the peer set's zones and
    their figures (``indexed_values``). Raises as ``composite_index`` says."""
    clean_period(period)
    clean_year_range(year, None)
    clean_choices("kind", [kind] if kind else None, ZoneKind.values)
    clean_choices("region", [region] if region else None, Region.values)
    scheme_obj = get_scheme(scheme, param=scheme_param)
    structure = structure_of(scheme_obj, clean_weights(weights, scheme_obj))
    cohort_obj = get_cohort(cohort)
    zone_frame, figures = indexed_values(
        structure=structure, year=year, period=period, kind=kind, region=region, cohort=cohort_obj
    )
    return structure, cohort_obj, zone_frame, figures


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
    structure, cohort_obj, zone_frame, figures = index_inputs(
        scheme=scheme,
        year=year,
        period=period,
        kind=kind,
        region=region,
        cohort=cohort,
        weights=weights,
    )
    values, scores, share, index = index_frames(structure, zone_frame, figures)
    ranks = rank_desc(index)
    n = int(index.notna().sum())
    figures_by_zone = {
        zone: [Figure(**record) for record in group.drop(columns="zone").to_dict("records")]
        for zone, group in figures.groupby("zone", sort=False)
    }
    codes = [m.indicator for d in structure.dimensions for m in d.members]
    present = values.reindex(columns=codes).notna().to_dict("index")
    score_rows = scores.round(SCORE_DIGITS).astype(object).where(scores.notna(), None)
    score_records = score_rows.to_dict("index")
    names = zone_frame.to_dict("index")
    rows = []
    for zone in zone_frame.index:
        ranked = not np.isnan(index[zone])
        has = present[zone]
        reason = None if ranked else shortfall(structure, score_records[zone], has)
        rows.append(
            IndexedZone(
                zone=zone,
                name_zh=names[zone]["name_zh"],
                name_en=names[zone]["name_en"],
                index=round(float(index[zone]), SCORE_DIGITS) if ranked else None,
                rank=int(ranks[zone]) if ranked else None,
                n=n,
                weight_share=round(float(share[zone]), 4),
                scores=score_records[zone],
                coverage={
                    d.code: [m.indicator for m in d.members if has[m.indicator]]
                    for d in structure.dimensions
                },
                reason_zh=reason[0] if reason else None,
                reason_en=reason[1] if reason else None,
                figures=figures_by_zone.get(zone, []),
            )
        )
    rows.sort(key=lambda row: (row.rank is None, row.rank or 0, row.zone))
    return CompositeIndex(
        scheme=structure,
        custom_weights=weights is not None,
        year=year,
        period=period,
        peer_set=peer_set(kind=kind, region=region, cohort=cohort_obj, reliabilities=None),
        n=n,
        rows=rows,
    )


def get_cohort(slug: str | None) -> Cohort | None:
    if not slug:
        return None
    try:
        return Cohort.objects.get(slug=slug)
    except Cohort.DoesNotExist:
        raise UnknownCode("cohort", slug) from None


def shortfall(
    structure: SchemeStructure, scores: dict[str, float | None], present: dict[str, bool]
) -> tuple[str, str]:
    """Why a zone is not ranked, in Chinese and English."""
    share = sum(d.weight for d in structure.dimensions if scores[d.code] is not None)
    lacking_zh, lacking_en = [], []
    for d in structure.dimensions:
        if scores[d.code] is None:
            have = sum(present[m.indicator] for m in d.members)
            lacking_zh.append(
                f"{d.name_zh}（{have}/{len(d.members)}个指标，需{d.min_indicators}个）"
            )
            lacking_en.append(
                f"{d.name_en} ({have} of {len(d.members)} indicators, needs {d.min_indicators})"
            )
    need = structure.min_weight_share
    return (
        f"数据不足：有得分的维度权重占{share:.0%}，需{need:.0%}；缺：" + "、".join(lacking_zh),
        f"not enough data: dimensions with a score carry {share:.0%} of the weight, "
        f"{need:.0%} needed; lacking: " + "; ".join(lacking_en),
    )


@per_generation("index_years")
def index_years(
    *, scheme: str, period: str = Period.FULL_YEAR, zone: str | None = None
) -> list[int]:
    """The years, latest first, with a figure of any of ``scheme``'s indicators in
    ``period`` (of ``zone`` alone when given); one query, none for an unknown scheme."""
    years = (
        observation_queryset(periods=[period], zones=[zone] if zone else None)
        .filter(indicator__scheme_memberships__dimension__scheme__slug=scheme)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )
    return list(years)


def scheme_choices() -> list[tuple[str, str, str]]:
    """Every scheme as (slug, Chinese name, English name), in the schemes' order."""
    return list(Scheme.objects.values_list("slug", "name_zh", "name_en"))
