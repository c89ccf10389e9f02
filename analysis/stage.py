"""The development stage a zone's three-sector structure indicates ("二产立区，三产强区":
document 002 reads the sector structure as a stage), year by year.

The rule is the three-sector criterion of the industrialisation-stage assessment of
陈佳贵、黄群慧、钟宏武, 《中国地区工业化进程的综合评价和特征分析》, 经济研究 2006(6), with
A, I, S the primary, secondary and tertiary shares of output (%):

- pre-industrial (前工业化阶段): A > I
- early industrialisation (工业化初期): A > 20 and A < I
- middle industrialisation (工业化中期): A < 20 and I > S
- late industrialisation (工业化后期): A < 10 and I > S
- post-industrial (后工业化阶段): A < 10 and I < S

The bands overlap as written (A < 10 is also A < 20); the stricter band wins, checked from
the last stage back. A structure that fits no band (A between 10 and 20 with I < S, or A = I)
is "unclassified", never guessed. Only full-year years with all three shares are read.
"""

from __future__ import annotations

from dataclasses import dataclass

from common.cache import per_generation
from common.errors import UnknownCode
from indicators.models import Observation, Period
from zones.models import Zone

SECTOR_CODES = ("primary_share", "secondary_share", "tertiary_share")
STAGES = {
    "pre_industrial": ("前工业化阶段", "pre-industrial"),
    "early": ("工业化初期", "early industrialisation"),
    "middle": ("工业化中期", "middle industrialisation"),
    "late": ("工业化后期", "late industrialisation"),
    "post_industrial": ("后工业化阶段", "post-industrial"),
    "unclassified": ("无法归类", "unclassified"),
}
SOURCE = "陈佳贵、黄群慧、钟宏武，《中国地区工业化进程的综合评价和特征分析》，经济研究，2006(6)"


@dataclass
class StageYear:
    year: int
    primary: float
    secondary: float
    tertiary: float
    as_reported: str
    sources: list[str]
    stage: str
    name_zh: str
    name_en: str


def sector_stage(*, primary: float, secondary: float, tertiary: float) -> str:
    """The stage code of one structure under the rule above."""
    if primary < 10 and secondary < tertiary:
        return "post_industrial"
    if primary < 10 and secondary > tertiary:
        return "late"
    if primary < 20 and secondary > tertiary:
        return "middle"
    if primary > 20 and primary < secondary:
        return "early"
    if primary > secondary:
        return "pre_industrial"
    return "unclassified"


@per_generation("zone_stages")
def zone_stages(*, zone: str) -> list[StageYear]:
    """Every full-year year in which ``zone`` has all three sector shares, oldest first,
    with its stage, the shares, the figure as reported and the sources. Two queries; an
    unknown zone raises ``UnknownCode``."""
    if not Zone.objects.filter(slug=zone).exists():
        raise UnknownCode("zone", zone)
    rows = (
        Observation.objects.filter(
            zone__slug=zone, indicator__code__in=SECTOR_CODES, period=Period.FULL_YEAR
        )
        .order_by("year")
        .values_list("year", "indicator__code", "value", "as_reported", "source__key")
    )
    by_year: dict[int, dict[str, tuple[float, str, str]]] = {}
    for year, code, value, as_reported, source in rows:
        by_year.setdefault(year, {})[code] = (float(value), as_reported, source)
    stages = []
    for year, shares in by_year.items():
        if len(shares) < len(SECTOR_CODES):
            continue
        primary, secondary, tertiary = (shares[code][0] for code in SECTOR_CODES)
        stage = sector_stage(primary=primary, secondary=secondary, tertiary=tertiary)
        stages.append(
            StageYear(
                year=year,
                primary=primary,
                secondary=secondary,
                tertiary=tertiary,
                # the three shares usually come from one figure ("0.02:64.21:35.77")
                as_reported=" / ".join(dict.fromkeys(shares[c][1] for c in SECTOR_CODES)),
                sources=list(dict.fromkeys(shares[c][2] for c in SECTOR_CODES)),
                stage=stage,
                name_zh=STAGES[stage][0],
                name_en=STAGES[stage][1],
            )
        )
    return stages
