from decimal import Decimal

import pytest

from indicators.units import UnitError, convert, normalise_unit


@pytest.mark.parametrize(
    ("value", "from_unit", "to_unit", "expected"),
    [
        ("1.78", "万亿元", "亿元", "17800"),
        ("1239800", "人", "万人", "123.98"),
        ("119.1", "万人", "人", "1191000"),
        ("66449.67", "元", "元", "66449.67"),
        ("5", "万元", "元", "50000"),
        ("550000", "平方米", "万平方米", "55"),
        ("2.52", "km²", "平方公里", "2.52"),
        ("12", "家", "个", "12"),
        # the spellings of press releases and foreign-language pages
        ("13.6", "trillion yuan", "亿元", "136000"),
        ("280.06", "billion yuan", "亿元", "2800.6"),
        ("228.56", "milliards RMB", "亿元", "2285.6"),
        ("3.5", "Trillion Yuan", "亿元", "35000"),
        ("8", "billion USD", "亿美元", "80"),
        ("1.7", "万家", "家", "17000"),
        ("9", "名", "位", "9"),
    ],
)
def test_convert_gives_the_value_in_the_target_unit(value, from_unit, to_unit, expected):
    assert convert(Decimal(value), from_unit=from_unit, to_unit=to_unit) == Decimal(expected)


def test_convert_is_exact_for_a_census_count_in_people():
    assert convert(Decimal("5681512"), from_unit="人", to_unit="万人") == Decimal("568.1512")


def test_an_unknown_unit_is_an_error_naming_it():
    with pytest.raises(UnitError, match="日元"):
        convert(Decimal(1), from_unit="亿日元", to_unit="亿元")


@pytest.mark.parametrize(
    ("from_unit", "to_unit"), [("billion USD", "亿元"), ("billion yuan", "亿美元")]
)
def test_dollars_and_yuan_do_not_convert_without_an_exchange_rate(from_unit, to_unit):
    with pytest.raises(UnitError, match="exchange rate"):
        convert(Decimal(8), from_unit=from_unit, to_unit=to_unit)


def test_units_of_different_dimensions_do_not_convert():
    with pytest.raises(UnitError, match="万人"):
        convert(Decimal(1), from_unit="万人", to_unit="亿元")


def test_normalise_unit_accepts_other_spellings():
    assert normalise_unit(" ％ ") == "%"
    assert normalise_unit("平方千米") == "平方公里"
