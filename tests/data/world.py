"""The small world the import test files refer to: two zones, three indicators, a source.

The CSV/XLSX files in this folder name these zones and indicators by slug/code, Chinese name
and alias, so tests build exactly this world with the factories before importing.
"""

import csv
from decimal import Decimal
from operator import attrgetter
from pathlib import Path

from indicators.models import IndicatorAlias, ValueType
from tests.factories import IndicatorFactory, ObservationFactory, SourceFactory, ZoneFactory
from zones.models import ZoneAlias

DATA = Path(__file__).parent


def make_world() -> dict:
    nanshan = ZoneFactory(slug="shenzhen-nanshan", name_zh="南山区", name_en="Nanshan District")
    binjiang = ZoneFactory(slug="hangzhou-binjiang", name_zh="滨江区", name_en="Binjiang District")
    ZoneAlias.objects.create(zone=nanshan, alias="深圳南山区")
    gdp = IndicatorFactory(code="gdp", name_zh="生产总值", name_en="GDP", unit="亿元")
    IndicatorAlias.objects.create(indicator=gdp, alias="地区生产总值")
    share = IndicatorFactory(
        code="tertiary_share",
        name_zh="第三产业占比",
        name_en="Tertiary share",
        unit="%",
        value_type=ValueType.SHARE,
    )
    growth = IndicatorFactory(
        code="gdp_growth",
        name_zh="GDP增速",
        name_en="GDP growth",
        unit="%",
        value_type=ValueType.RATE,
        min_value=Decimal("-50"),
        max_value=Decimal("50"),
    )
    source = SourceFactory(key="bulletin-2023", title="2023年统计公报")
    # Stored before any import: the good file updates it (8400 -> 8500.6).
    ObservationFactory(zone=nanshan, indicator=gdp, year=2023, value=Decimal("8400"), source=source)
    return {
        "nanshan": nanshan,
        "binjiang": binjiang,
        "gdp": gdp,
        "share": share,
        "growth": growth,
        "source": source,
    }


def observation_dump() -> list[dict]:
    """Every observation and history row, to compare the database before and after."""
    from indicators.models import Observation

    return [
        list(Observation.objects.order_by("pk").values()),
        list(Observation.history.order_by("pk").values_list("history_id", "value")),
    ]


IMPORT_HEADER = ("zone", "indicator", "year", "value", "source")


def grid_rows(*, zones, indicators, years, value: str = "123.45", name=attrgetter("code")):
    """Rows of the import format, year by year, zone by zone, indicator by indicator, all
    from the world's source; indicators named by ``name`` (their code unless told)."""
    for year in years:
        for zone in zones:
            for indicator in indicators:
                yield [zone.slug, name(indicator), year, value, "bulletin-2023"]


def write_csv_rows(path: Path, rows, header=IMPORT_HEADER) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path
