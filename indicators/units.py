"""Units of measure: one table, and conversion between units of the same dimension.

Imports state figures in whatever unit the source used (万亿元, 人, 万元, "billion yuan",
"milliards RMB"...); the database stores each indicator in its own unit. `convert` turns one
into the other, exactly (Decimal arithmetic), and refuses to guess: an unknown unit or a unit
of another dimension is an error. Yuan and US dollars are two dimensions: turning one into the
other needs the year's exchange rate, which only a source can give, so `convert` refuses it.
"""

from dataclasses import dataclass
from decimal import Decimal


class UnitError(ValueError):
    """A unit that is not in the table, or that cannot be converted into the wanted one."""


@dataclass(frozen=True)
class Unit:
    dimension: str
    factor: Decimal  # how many base units one of this unit is


UNITS: dict[str, Unit] = {
    # money, base 元
    "元": Unit("money", Decimal(1)),
    "千元": Unit("money", Decimal(10) ** 3),
    "万元": Unit("money", Decimal(10) ** 4),
    "百万元": Unit("money", Decimal(10) ** 6),
    "十亿元": Unit("money", Decimal(10) ** 9),
    "亿元": Unit("money", Decimal(10) ** 8),
    "万亿元": Unit("money", Decimal(10) ** 12),
    # US dollars, base 美元: never converted into yuan here (see the module's docstring)
    "美元": Unit("usd", Decimal(1)),
    "万美元": Unit("usd", Decimal(10) ** 4),
    "百万美元": Unit("usd", Decimal(10) ** 6),
    "十亿美元": Unit("usd", Decimal(10) ** 9),
    "亿美元": Unit("usd", Decimal(10) ** 8),
    # people, base 人
    "人": Unit("people", Decimal(1)),
    "万人": Unit("people", Decimal(10) ** 4),
    # area, base 平方米
    "平方米": Unit("area", Decimal(1)),
    "万平方米": Unit("area", Decimal(10) ** 4),
    "公顷": Unit("area", Decimal(10) ** 4),
    "平方公里": Unit("area", Decimal(10) ** 6),
    # money per area (a density: GDP per km²), base 元 per 平方米
    "亿元/平方公里": Unit("money_per_area", Decimal(10) ** 2),
    "万元/平方公里": Unit("money_per_area", Decimal(10) ** -2),
    # percentages and percentage points are the same number here: growth rates and shares
    "%": Unit("percent", Decimal(1)),
    # counted things: the noun differs, the number does not
    "个": Unit("count", Decimal(1)),
    "家": Unit("count", Decimal(1)),
    "项": Unit("count", Decimal(1)),
    "所": Unit("count", Decimal(1)),
    "位": Unit("count", Decimal(1)),
    "名": Unit("count", Decimal(1)),  # a place in a ranking ("第9名")
    "万家": Unit("count", Decimal(10) ** 4),
    "座": Unit("count", Decimal(1)),
    "件": Unit("count", Decimal(1)),  # patents
}

# Other spellings of the same units.
SPELLINGS: dict[str, str] = {
    "％": "%",
    "percent": "%",
    "km²": "平方公里",
    "km2": "平方公里",
    "平方千米": "平方公里",
    "m²": "平方米",
    "m2": "平方米",
    "亿": "亿元",
    "万亿": "万亿元",
    "yuan": "元",
    # English and French spellings in press releases and foreign-language pages
    "billion yuan": "十亿元",
    "billion rmb": "十亿元",
    "billion cny": "十亿元",
    "milliards rmb": "十亿元",
    "milliards de yuans": "十亿元",
    "trillion yuan": "万亿元",
    "trillion rmb": "万亿元",
    "trillion cny": "万亿元",
    "million yuan": "百万元",
    "billion usd": "十亿美元",
    "usd billion": "十亿美元",
    "billion us dollars": "十亿美元",
    "million usd": "百万美元",
    "usd": "美元",
    "億元": "亿元",
    "億ドル": "亿美元",
}


def normalise_unit(unit: str) -> str:
    """The table's spelling of ``unit``; raises UnitError when the unit is not known."""
    cleaned = " ".join((unit or "").split())
    cleaned = SPELLINGS.get(cleaned.casefold(), SPELLINGS.get(cleaned, cleaned))
    if cleaned not in UNITS:
        raise UnitError(f"未知单位 / unknown unit: “{unit}”")
    return cleaned


def convert(value: Decimal, *, from_unit: str, to_unit: str) -> Decimal:
    """``value`` stated in ``from_unit``, expressed in ``to_unit``.

    Raises UnitError when either unit is unknown or the two measure different things.
    """
    source, target = normalise_unit(from_unit), normalise_unit(to_unit)
    dimensions = {UNITS[source].dimension, UNITS[target].dimension}
    if dimensions == {"money", "usd"}:
        raise UnitError(
            f"“{from_unit}”换算为“{to_unit}”需要当年汇率，来源未给出 / converting “{from_unit}” "
            f"into “{to_unit}” needs the year's exchange rate, and the source gives none"
        )
    if len(dimensions) > 1:
        raise UnitError(
            f"单位“{from_unit}”不能换算为“{to_unit}” / "
            f"cannot convert “{from_unit}” into “{to_unit}”"
        )
    if source == target:
        return value
    return (value * UNITS[source].factor / UNITS[target].factor).normalize()


def ratio_factor(*, numerator: str, denominator: str, result: str) -> Decimal:
    """The factor that turns numerator ÷ denominator into a figure in ``result``'s unit.

    E.g. 亿元 ÷ 万人 in 元 (per resident): 10⁸ ÷ 10⁴ = 10⁴; 亿元 ÷ 亿元 in %: 100. Raises
    UnitError for an unknown unit. A ratio of two amounts gives a per-unit amount, so the
    dimensions themselves are not compared, only the magnitudes.
    """
    top, bottom = UNITS[normalise_unit(numerator)], UNITS[normalise_unit(denominator)]
    unit = normalise_unit(result)
    scale = Decimal("0.01") if unit == "%" else UNITS[unit].factor
    return (top.factor / bottom.factor / scale).normalize()
