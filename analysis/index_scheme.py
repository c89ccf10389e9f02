"""Evaluation schemes as the index computes them: a plain structure (dimensions, weights,
indicators, directions, targets) read from the scheme models, and a planner's own weights
parsed from the URL form ``growth:0.3,scale:0.7`` and checked against a scheme.

Queries: ``scheme_queryset`` prefetches a scheme with its dimensions and indicators (three
queries); ``structure_of`` then runs none.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from django.db.models import Prefetch, QuerySet

from common.codes import split_codes
from common.errors import BadParameter, UnknownCode
from indicators.models import Scheme, SchemeDimension, SchemeIndicator

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


def scheme_choices() -> list[tuple[str, str, str]]:
    """Every scheme as (slug, Chinese name, English name), in the schemes' order."""
    return list(Scheme.objects.values_list("slug", "name_zh", "name_en"))


def shortfall(
    structure: SchemeStructure,
    scores: dict[str, float | None],
    coverage: dict[str, list[str]],
) -> tuple[str, str]:
    """Why a zone is not ranked, in Chinese and English."""
    share = sum(d.weight for d in structure.dimensions if scores[d.code] is not None)
    lacking_zh, lacking_en = [], []
    for d in structure.dimensions:
        if scores[d.code] is None:
            have = len(coverage[d.code])
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
