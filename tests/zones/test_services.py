"""zone_import: zones created and updated from a file, by slug, all or nothing."""

from decimal import Decimal

import pytest

from tests.data.world import make_world
from zones.services import zone_import


@pytest.fixture
def world(db):
    return make_world()


def zone_dump():
    from zones.models import Zone, ZoneAlias

    return [
        list(Zone.objects.order_by("pk").values()),
        list(ZoneAlias.objects.order_by("pk").values()),
        Zone.history.count(),
    ]


def test_zone_import_creates_a_zone_with_chinese_headers_and_aliases(world):
    from zones.models import Zone

    row = {
        "标识": "hangzhou-hightech",
        "中文名": "杭州高新区",
        "英文名": "Hangzhou High-tech Zone",
        "类型": "国家高新区",
        "区域": "东部",
        "省份": "浙江省",
        "城市": "杭州市",
        "面积": "73.0",
        "别名": "杭州滨江区(高新区)；杭州高新开发区",
    }
    report = zone_import(rows=[row], dry_run=False)
    assert report.written, report.rejected
    zone = Zone.objects.get(slug="hangzhou-hightech")
    assert (zone.kind, zone.region, zone.area_km2) == ("hightech_zone", "east", Decimal("73"))
    assert sorted(zone.aliases.values_list("alias", flat=True)) == [
        "杭州滨江区(高新区)",
        "杭州高新开发区",
    ]
    again = zone_import(rows=[row], dry_run=False)
    assert (len(again.created), len(again.updated), len(again.unchanged)) == (0, 0, 1)


def test_zone_import_updates_only_the_columns_in_the_file(world):
    report = zone_import(
        rows=[{"slug": "shenzhen-nanshan", "city": "深圳", "aliases": "深圳南山区;南山"}],
        dry_run=False,
    )
    assert [c.changed for c in report.updated] == [("city", "aliases")]
    world["nanshan"].refresh_from_db()
    assert (world["nanshan"].city, world["nanshan"].name_zh) == ("深圳", "南山区")
    assert world["nanshan"].aliases.count() == 2
    assert world["nanshan"].history.first().history_change_reason == "import"


def test_zone_import_refuses_bad_rows_and_writes_nothing(world):
    before = zone_dump()
    report = zone_import(
        rows=[
            {
                "slug": "new-zone",
                "name_zh": "新区",
                "name_en": "New",
                "kind": "空港",
                "region": "east",
                "latitude": "",
                "aliases": "",
            },
            {
                "slug": "other",
                "name_zh": "别区",
                "name_en": "Other",
                "kind": "district",
                "region": "east",
                "latitude": "200",
                "aliases": "",
            },
            {
                "slug": "third",
                "name_zh": "三区",
                "name_en": "Third",
                "kind": "district",
                "region": "east",
                "latitude": "",
                "aliases": "深圳南山区",
            },
            {
                "slug": "third",
                "name_zh": "三区",
                "name_en": "Third",
                "kind": "district",
                "region": "east",
                "latitude": "",
                "aliases": "",
            },
            {
                "slug": "fifth",
                "name_zh": "",
                "name_en": "Fifth",
                "kind": "district",
                "region": "",
                "latitude": "abc",
                "aliases": "",
            },
        ],
        dry_run=False,
    )
    assert not report.written
    found = {(e.row, e.column) for e in report.rejected}
    assert found == {
        (2, "kind"),
        (3, "latitude"),
        (4, "aliases"),
        (5, "slug"),
        (6, "latitude"),
    }
    assert zone_dump() == before


def test_exported_seeded_zones_import_back_unchanged(seeded_db):
    from common.tabular import write_xlsx
    from zones.models import Zone
    from zones.selectors import zone_export_rows

    headers, rows = zone_export_rows(queryset=Zone.objects.all())
    content = write_xlsx(headers=headers, rows=rows, title="zones")
    report = zone_import(file=content, filename="zones.xlsx", dry_run=True)
    assert report.rejected == []
    assert len(report.unchanged) == Zone.objects.count() > 0
