"""The zones' pinyin search keys: computed from the Chinese name and the city, and filled on
every path a zone is written by (save, loaddata, the zone import, the data migration)."""

import pytest
from django.core.management import call_command

from tests.conftest import FIXTURES
from tests.factories import ZoneFactory
from zones.models import Zone
from zones.pinyin import pinyin_key, pinyin_query
from zones.services import zone_import


def test_a_key_holds_the_full_pinyin_and_the_initials_also_without_the_city():
    key = pinyin_key("深圳市龙岗区", places=("深圳市", "广东省"))
    assert key == " shenzhenshilonggangqu szslgq longgangqu lgq "
    # a city named without 市 in the zone's name
    assert pinyin_key("深圳高新区", places=("深圳市",)) == " shenzhengaoxinqu szgxq gaoxinqu gxq "
    # polyphonic characters read as in the place name (长沙: chang, not zhang)
    assert pinyin_key("长沙高新区").split()[0] == "changshagaoxinqu"


def test_a_name_without_chinese_has_no_key_and_punctuation_is_dropped():
    assert pinyin_key("Ruhr") == ""
    assert pinyin_key("IoT社区·滨江") == " iotshequbinjiang iotsqbj "


def test_a_typed_query_becomes_pinyin_only_when_it_is_ascii_with_a_letter():
    assert pinyin_query("Long Gang") == "longgang"
    assert pinyin_query("lg'q") == "lgq"
    assert pinyin_query("龙岗") == ""
    assert pinyin_query("2024") == ""


@pytest.mark.django_db
def test_saving_a_zone_fills_its_keys_and_a_rename_changes_them():
    zone = ZoneFactory(slug="longgang", name_zh="龙岗区", city="深圳市")
    zone.refresh_from_db()
    assert (zone.name_pinyin, zone.city_pinyin) == (" longgangqu lgq ", " shenzhenshi szs ")
    zone.name_zh = "宝安区"
    zone.save()
    zone.refresh_from_db()
    assert zone.name_pinyin == " baoanqu baq "


@pytest.mark.django_db
def test_loaddata_fills_the_keys_of_every_fixture_zone():
    call_command("loaddata", *FIXTURES, verbosity=0)
    assert Zone.objects.get(slug="shenzhen-longgang").name_pinyin.split()[-2:] == [
        "longgangqu",
        "lgq",
    ]
    chinese_names_without_key = [
        zone.slug
        for zone in Zone.objects.filter(name_pinyin="")
        if any("\u4e00" <= char <= "\u9fff" for char in zone.name_zh)
    ]
    assert chinese_names_without_key == []


@pytest.mark.django_db
def test_the_zone_import_fills_the_keys_of_created_and_renamed_zones():
    row = {
        "slug": "suzhou-sip",
        "name_zh": "苏州工业园区",
        "name_en": "Suzhou Industrial Park",
        "kind": "industrial_park",
        "region": "east",
        "province": "江苏省",
        "city": "苏州市",
    }
    assert zone_import(rows=[row], dry_run=False).written
    assert (
        Zone.objects.get(slug="suzhou-sip").name_pinyin
        == " suzhougongyeyuanqu szgyyq gongyeyuanqu gyyq "
    )
    report = zone_import(rows=[{"slug": "suzhou-sip", "name_zh": "苏州园区"}], dry_run=False)
    assert report.written, report.rejected
    assert Zone.objects.get(slug="suzhou-sip").name_pinyin == " suzhouyuanqu szyq yuanqu yq "


@pytest.mark.django_db
def test_the_data_migration_fills_the_keys_of_zones_stored_before_it():
    from importlib import import_module

    from django.apps import apps

    zone = ZoneFactory(slug="longgang", name_zh="龙岗区", city="深圳市")
    Zone.objects.filter(pk=zone.pk).update(name_pinyin="", city_pinyin="")
    migration = import_module("zones.migrations.0002_zone_pinyin")
    migration.fill_pinyin(apps, None)
    zone.refresh_from_db()
    assert (zone.name_pinyin, zone.city_pinyin) == (" longgangqu lgq ", " shenzhenshi szs ")
