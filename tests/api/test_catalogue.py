import pytest

from tests.api.helpers import read_csv
from tests.factories import ZoneFactory
from zones.models import Industry, ZoneAlias, ZoneIndustry

pytestmark = pytest.mark.django_db


def slugs(response):
    assert response.status_code == 200, response.content
    return [row["slug"] for row in response.json()["results"]]


def test_zone_list_is_paginated_and_ordered_by_slug(client, world):
    body = client.get("/api/v1/zones/").json()
    assert body["count"] == 3
    assert [row["slug"] for row in body["results"]] == ["chengdu-hitech", "longgang", "nanshan"]


def test_zone_detail_by_slug_lists_its_cohorts(client, world):
    body = client.get("/api/v1/zones/nanshan/").json()
    assert body["name_zh"] == "南山区"
    assert body["cohorts"] == ["east-52"]
    assert body["development_model"] == "innovation_driven"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=hightech_zone", ["chengdu-hitech"]),
        ("kind=district,hightech_zone", ["chengdu-hitech", "longgang", "nanshan"]),
        ("region=west", ["chengdu-hitech"]),
        ("province=四川省", ["chengdu-hitech"]),
        ("city=深圳市", ["longgang", "nanshan"]),
        ("development_model=innovation_driven", ["nanshan"]),
        ("cohort=east-52", ["longgang", "nanshan"]),
        ("q=南山", ["nanshan"]),
        ("q=longgang district", ["longgang"]),
        ("q=高新", ["chengdu-hitech"]),
        # q also searches the city, as the zone directory page always did (one FilterSet)
        ("q=深圳市", ["longgang", "nanshan"]),
    ],
)
def test_zone_filters(client, world, query, expected):
    assert slugs(client.get(f"/api/v1/zones/?{query}")) == expected


def test_zone_search_matches_an_alias_and_lead_industry_filter(client, world):
    ZoneAlias.objects.create(zone=world["longgang"], alias="深圳龙岗区")
    industry = Industry.objects.create(slug="ict", name_zh="新一代信息技术", name_en="ICT")
    ZoneIndustry.objects.create(zone=world["nanshan"], industry=industry, source=world["bulletin"])
    assert slugs(client.get("/api/v1/zones/?q=深圳龙岗")) == ["longgang"]
    assert slugs(client.get("/api/v1/zones/?industry=ict")) == ["nanshan"]
    assert client.get("/api/v1/zones/nanshan/").json()["lead_industries"] == ["ict"]


def test_zone_filter_rejects_unknown_kind_and_cohort_naming_the_parameter(client, world):
    response = client.get("/api/v1/zones/?kind=castle")
    assert response.status_code == 400
    assert "castle" in response.json()["errors"]["kind"][0]
    response = client.get("/api/v1/zones/?cohort=nobody")
    assert response.status_code == 400
    assert "nobody" in response.json()["errors"]["cohort"][0]


def test_unknown_zone_detail_is_404_naming_the_slug(client, world):
    response = client.get("/api/v1/zones/atlantis/")
    assert response.status_code == 404
    assert "atlantis" in response.json()["errors"]["slug"][0]


def test_zone_csv_has_every_zone_with_list_fields_joined(client, world):
    for index in range(5):
        ZoneFactory(slug=f"extra-{index}")
    frame = read_csv(client.get("/api/v1/zones/?format=csv&page_size=2"))
    assert len(frame) == 8
    assert frame.set_index("slug").loc["nanshan", "cohorts"] == "east-52"


def test_indicator_list_filters_by_category_and_detail_by_code(client, world):
    codes = [row["code"] for row in client.get("/api/v1/indicators/").json()["results"]]
    assert codes == ["gdp", "energy_intensity", "tertiary_share"]
    body = client.get("/api/v1/indicators/?category=industry_structure").json()
    assert [row["code"] for row in body["results"]] == ["tertiary_share"]
    detail = client.get("/api/v1/indicators/energy_intensity/").json()
    assert detail["direction"] == "lower"
    assert client.get("/api/v1/indicators/?category=weather").status_code == 400


def test_indicator_search_in_chinese_and_english(client, world):
    assert [r["code"] for r in client.get("/api/v1/indicators/?q=能耗").json()["results"]] == [
        "energy_intensity"
    ]
    assert [r["code"] for r in client.get("/api/v1/indicators/?q=tertiary").json()["results"]] == [
        "tertiary_share"
    ]


def test_source_list_filters_by_reliability(client, world):
    body = client.get("/api/v1/sources/?reliability=media").json()
    assert [row["key"] for row in body["results"]] == ["news"]
    assert client.get("/api/v1/sources/bulletin/").json()["title"] == "统计公报"


def test_cohort_carries_members_and_reported_statistics_with_provenance(client, world):
    body = client.get("/api/v1/cohorts/east-52/").json()
    assert [m["slug"] for m in body["members"]] == ["longgang", "nanshan"]
    stats = {(s["indicator"], s["statistic"]): s for s in body["statistics"]}
    assert stats[("gdp", "mean")]["value"] == 2481.8
    assert stats[("gdp", "mean")]["source"] == "bulletin"
    assert stats[("gdp", "mean")]["reliability"] == "official"
    assert stats[("gdp", "median")]["value"] == 2000.0
    filtered = client.get("/api/v1/cohorts/?zone=chengdu-hitech").json()
    assert filtered["count"] == 0


@pytest.mark.parametrize(
    ("url", "param"),
    [
        ("/api/v1/cohorts/?zone=%25s", "zone"),
        ("/api/v1/zones/?cohort=%25s%25d", "cohort"),
        ("/api/v1/zones/?kind=%25s", "kind"),
        ("/api/v1/zones/?industry=a%25", "industry"),
        ("/api/v1/observations/?period=%25(x)s", "period"),
    ],
)
def test_percent_signs_in_a_bad_code_are_echoed_in_a_400_not_a_500(client, world, url, param):
    response = client.get(url)
    assert response.status_code == 400
    assert "%" in response.json()["errors"][param][0]


def test_percent_signs_in_searches_match_literally(client, world):
    assert slugs(client.get("/api/v1/zones/?q=%25s")) == []
    assert slugs(client.get("/api/v1/zones/?province=%25")) == []
