"""The method of the 产城融合 answer (``analysis.coupling``): its indicators, grades and
result types, the min-max score of a figure and the coupling-coordination degree of every
zone and year, computed for all rows at once with numpy.

C = 2·√(U₁U₂) / (U₁ + U₂), T = αU₁ + βU₂ (α + β = 1), D = √(C·T); a subsystem's U is the
mean of the zone's normalised figures in that year (``analysis.coupling`` says how they are
normalised and where the formula comes from).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy

from analysis.base import collection_paused
from indicators.models import Direction, Indicator

INDUSTRY = (
    "gdp",
    "industrial_output",
    "secondary_share",
    "sei_va_share",
    "sei_industrial_output_share",
    "hightech_revenue",
    "rd_intensity",
)
CITY = (
    "resident_income",
    "urban_income",
    "population",
    "retail_sales",
    "new_green_space",
    "service_functions",
)
SUBSYSTEMS = {"industry": INDUSTRY, "city": CITY}
DIGITS = 4
CITATION = (
    "廖重斌. 环境与经济协调发展的定量评判及其分类体系——以珠江三角洲城市群为例. "
    "热带地理, 1999, 19(2): 171-177."
)
# (lower bound, Chinese, English): D from the bound up to the next one
GRADES = (
    (0.0, "极度失调", "extreme imbalance"),
    (0.1, "严重失调", "serious imbalance"),
    (0.2, "中度失调", "moderate imbalance"),
    (0.3, "轻度失调", "mild imbalance"),
    (0.4, "濒临失调", "on the verge of imbalance"),
    (0.5, "勉强协调", "barely coordinated"),
    (0.6, "初级协调", "primary coordination"),
    (0.7, "中级协调", "intermediate coordination"),
    (0.8, "良好协调", "good coordination"),
    (0.9, "优质协调", "high-quality coordination"),
)


@dataclass
class CouplingIndicator:
    code: str
    name_zh: str
    name_en: str
    unit: str
    subsystem: str
    direction: str
    n: int  # values in the peer set, all years
    minimum: float | None
    maximum: float | None
    usable: bool


@dataclass
class Figure:
    indicator: str
    subsystem: str
    value: float
    normalised: float | None  # None: the indicator has no spread in the peer set
    as_reported: str
    qualifier: str
    status: str
    source: str


@dataclass
class ZoneCoupling:
    zone: str
    name_zh: str
    name_en: str
    year: int
    u1: float | None
    u2: float | None
    c: float | None
    t: float | None
    d: float | None
    grade_zh: str
    grade_en: str
    industry_count: int
    city_count: int
    reason_zh: str  # empty when D was computed
    reason_en: str
    indicators: list[str] = field(default_factory=list)  # the codes it had, as ``figures``
    # each figure with its provenance: for the chosen zone, or every zone when asked
    # (``figures=True``); None when not asked
    figures: list[Figure] | None = None

    @property
    def enough_data(self) -> bool:
        return self.d is not None


@dataclass
class Coupling:
    year: int | None
    period: str
    alpha: float
    beta: float
    peer_set: dict[str, Any]
    years: list[int]  # years with any subsystem figure in the peer set
    indicators: list[CouplingIndicator]
    zones: list[ZoneCoupling]  # in ``year``: by D (highest first), then not enough data
    zone: str | None
    path: list[ZoneCoupling]  # ``zone`` over every year, oldest first
    sources: list[str]  # keys of the sources of the D computed (``zones`` and ``path``)
    citation: str = CITATION


def grade(d: float) -> tuple[str, str]:
    """The grade of a coordination degree ``d`` in 0..1 (``GRADES``)."""
    found = GRADES[0]
    for band in GRADES:
        if d >= band[0] - 1e-12:
            found = band
    return found[1], found[2]


def coordination(u1: float, u2: float, *, alpha: float, beta: float) -> dict[str, float | None]:
    """C, T and D of two subsystem scores in 0..1."""
    t = alpha * u1 + beta * u2
    c = None if u1 + u2 == 0 else 2 * math.sqrt(u1 * u2) / (u1 + u2)
    d = 0.0 if c is None else math.sqrt(c * t)
    return {"c": c, "t": t, "d": d}


def _reasons(industry: int, city: int, unusable: dict[str, int]) -> tuple[str, str]:
    missing_zh, missing_en = [], []
    for name, count, zh, en in (
        ("industry", industry, "产业子系统", "the industry subsystem"),
        ("city", city, "城市子系统", "the city subsystem"),
    ):
        if count:
            continue
        if unusable.get(name):
            missing_zh.append(f"{zh}的数值在对比组内无差异，无法标准化")
            missing_en.append(f"{en}'s figures do not vary within the peer set")
        else:
            missing_zh.append(f"缺少{zh}指标")
            missing_en.append(f"no figure of {en}")
    return "；".join(missing_zh), "; ".join(missing_en)


def normalisation(
    catalogue: dict[str, Indicator],
    ranges: dict[str, tuple[float, float, int]],
) -> tuple[list[CouplingIndicator], dict[str, float], dict[str, float]]:
    """Each indicator's range over the peer set (``ranges``: (low, high, n) by code, all
    years), and for the usable ones the origin and span of the min-max score (reversed for a
    lower-is-better indicator)."""
    infos = []
    lows: dict[str, float] = {}
    spans: dict[str, float] = {}
    for subsystem, codes in SUBSYSTEMS.items():
        for code in (code for code in codes if code in catalogue):
            item = catalogue[code]
            low, high, n = ranges.get(code, (None, None, 0))
            usable = low is not None and high is not None and high > low
            if usable and low is not None and high is not None:
                # a lower-is-better indicator counts down from its maximum
                reverse = item.direction == Direction.LOWER_IS_BETTER
                lows[code], spans[code] = (high, low - high) if reverse else (low, high - low)
            infos.append(
                CouplingIndicator(
                    code=code,
                    name_zh=item.name_zh,
                    name_en=item.name_en,
                    unit=item.unit,
                    subsystem=subsystem,
                    direction=item.direction,
                    n=n,
                    minimum=low,
                    maximum=high,
                    usable=usable,
                )
            )
    return infos, lows, spans


def min_max(
    values: numpy.ndarray,
    at_code: numpy.ndarray,
    codes: list[str],
    lows: dict[str, float],
    spans: dict[str, float],
) -> numpy.ndarray:
    """The min-max score of each of ``values``, whose indicators are ``codes[at_code]`` (NaN
    for an indicator without spread), rounded as pandas rounds: the one place a figure is
    normalised."""
    origin = numpy.array([lows.get(code, numpy.nan) for code in codes], dtype=float)
    span = numpy.array([spans.get(code, numpy.nan) for code in codes], dtype=float)
    scaled: numpy.ndarray = numpy.round((values - origin[at_code]) / span[at_code], DIGITS)
    return scaled


class CodeIds:
    """The coupling indicators by id (``code_of``: id -> code): an array of rows' indicator
    ids becomes positions in ``codes`` (``at``), whose subsystem (``in_city``) and place in
    code order (``code_rank``) are arrays."""

    def __init__(self, code_of: dict[int, str]) -> None:
        self.ids = numpy.array(sorted(code_of), dtype=float)
        self.codes = [code_of[pk] for pk in sorted(code_of)]
        self.in_city = numpy.array([code in CITY for code in self.codes], dtype=bool)
        alphabetical = sorted(self.codes)
        self.code_rank = numpy.array([alphabetical.index(code) for code in self.codes])

    def at(self, indicator_ids: numpy.ndarray) -> numpy.ndarray:
        return numpy.searchsorted(self.ids, indicator_ids)


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, DIGITS)


@dataclass
class Scores:
    items: list[ZoneCoupling]  # oldest year first, then by zone
    sources: dict[tuple[str, int], list[int]]  # source ids by (zone, year), as ``indicators``


@collection_paused()
def zone_scores(
    rows: numpy.ndarray,
    names: dict[int, tuple[str, str, str]],
    ids: CodeIds,
    lows: dict[str, float],
    spans: dict[str, float],
    *,
    alpha: float,
    beta: float,
) -> Scores:
    """One ``ZoneCoupling`` per zone and year with any value (``rows``: zone id, year,
    indicator id, value, source id; ``names``: slug and names by zone id, in slug order),
    oldest year first, then by zone, without figures. The scores and each zone-year's
    subsystem means are computed for all rows at once (numpy); a zone-year's indicators are
    in code order, its means summed in that order."""
    if not len(rows):
        return Scores([], {})
    at_code = ids.at(rows[:, 2])
    pks = numpy.array(list(names), dtype=float)  # in slug order
    by_pk = numpy.argsort(pks)
    at_zone = by_pk[numpy.searchsorted(pks[by_pk], rows[:, 0])]
    order = numpy.lexsort((ids.code_rank[at_code], at_zone, rows[:, 1]))
    rows, at_code, at_zone = rows[order], at_code[order], at_zone[order]
    at_year = rows[:, 1].astype(int)
    scaled = min_max(rows[:, 3], at_code, ids.codes, lows, spans)
    starts = numpy.flatnonzero(
        numpy.r_[True, (at_zone[1:] != at_zone[:-1]) | (at_year[1:] != at_year[:-1])]
    )
    ends = numpy.r_[starts[1:], len(rows)]
    group = numpy.repeat(numpy.arange(len(starts)), ends - starts)
    in_city = ids.in_city[at_code]
    usable = ~numpy.isnan(scaled)
    counts, unusable, means = {}, {}, {}
    for name, member in (("industry", ~in_city), ("city", in_city)):
        counted = numpy.bincount(group, weights=member & usable, minlength=len(starts))
        scored = numpy.bincount(group, weights=member, minlength=len(starts))
        total = numpy.bincount(
            group, weights=numpy.where(member & usable, scaled, 0.0), minlength=len(starts)
        )
        counts[name] = counted.astype(int).tolist()
        unusable[name] = (scored - counted).astype(int).tolist()
        means[name] = [
            t / n if n else None for t, n in zip(total.tolist(), counted.tolist(), strict=True)
        ]
    codes = numpy.array(ids.codes, dtype=object)[at_code].tolist()
    sources = rows[:, 4].astype(int).tolist()
    zone_names = list(names.values())
    items, by_item = [], {}
    for g, (start, end, zone_at, year) in enumerate(
        zip(
            starts.tolist(),
            ends.tolist(),
            at_zone[starts].tolist(),
            at_year[starts].tolist(),
            strict=True,
        )
    ):
        slug, name_zh, name_en = zone_names[zone_at]
        u1, u2 = means["industry"][g], means["city"][g]
        item = ZoneCoupling(
            zone=slug,
            name_zh=name_zh,
            name_en=name_en,
            year=year,
            u1=_rounded(u1),
            u2=_rounded(u2),
            c=None,
            t=None,
            d=None,
            grade_zh="",
            grade_en="",
            industry_count=counts["industry"][g],
            city_count=counts["city"][g],
            reason_zh="",
            reason_en="",
            indicators=codes[start:end],
        )
        if u1 is None or u2 is None:
            item.reason_zh, item.reason_en = _reasons(
                counts["industry"][g], counts["city"][g], {n: unusable[n][g] for n in SUBSYSTEMS}
            )
        else:
            found = coordination(u1, u2, alpha=alpha, beta=beta)
            item.c, item.t, item.d = (_rounded(found[key]) for key in ("c", "t", "d"))
            item.grade_zh, item.grade_en = grade(found["d"] or 0.0)
        items.append(item)
        by_item[(slug, year)] = sources[start:end]
    return Scores(items, by_item)
