"""/api/v1/zones/search/: the zone picker's search by name, alias, city and pinyin, best
match first, grouped by kind and region, with the chosen indicators' data flag."""

import pytest

from indicators.models import Period
from indicators.zone_search import zone_search
from tests.factories import ZoneFactory
from zones.models import Region, ZoneAlias, ZoneKind

URL = "/api/v1/zones/search/"


def found(body) -> list[str]:
    return [zone["slug"] for group in body["groups"] for zone in group["zones"]]


def search(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200, response.content
    return response.json()


def test_a_chinese_or_english_name_finds_the_zone(client, world):
    assert found(search(client, q="龙岗")) == ["longgang"]
    body = search(client, q="nanshan district")
    assert found(body) == ["nanshan"]
    assert body["groups"][0]["zones"][0]["relevance"] == 0  # the whole English name


def test_an_alias_finds_its_zone_and_says_which_alias_matched(client, world):
    ZoneAlias.objects.create(zone=world["longgang"], alias="深圳龙岗")
    body = search(client, q="深圳龙岗")
    match = body["groups"][0]["zones"][0]
    assert (match["slug"], match["matched"], match["alias"], match["relevance"]) == (
        "longgang",
        "alias",
        "深圳龙岗",
        0,
    )


def test_the_alias_is_named_only_when_it_matched_better_than_the_name(client, world):
    zone = ZoneFactory(slug="sz-longgang-new", name_zh="深圳市龙岗新区")
    ZoneAlias.objects.create(zone=zone, alias="龙岗新区")
    match = search(client, q="龙岗新")["groups"][0]["zones"][0]
    assert (match["matched"], match["alias"], match["relevance"]) == ("alias", "龙岗新区", 1)
    match = search(client, q="深圳市龙岗")["groups"][0]["zones"][0]
    assert (match["matched"], match["alias"], match["relevance"]) == ("name", "", 1)


def test_a_city_finds_its_zones_after_the_names_that_hold_it(client, world):
    ZoneFactory(slug="shenzhen-hitech", name_zh="深圳高新区", city="深圳市")
    body = search(client, q="深圳")
    assert found(body)[0] == "shenzhen-hitech"  # the name starts with it
    assert set(found(body)) == {"shenzhen-hitech", "nanshan", "longgang"}
    by_slug = {z["slug"]: z for g in body["groups"] for z in g["zones"]}
    assert (by_slug["nanshan"]["matched"], by_slug["nanshan"]["relevance"]) == ("city", 2)
    assert search(client, q="chengdu")["groups"][0]["zones"][0]["slug"] == "chengdu-hitech"


def test_pinyin_initials_and_full_pinyin_find_the_zone(client, world):
    body = search(client, q="lg")
    assert found(body) == ["longgang"]
    assert body["groups"][0]["zones"][0]["matched"] == "pinyin"
    assert found(search(client, q="nsq"))[0] == "nanshan"
    assert search(client, q="nsq")["groups"][0]["zones"][0]["relevance"] == 0
    assert found(search(client, q="cdgx")) == ["chengdu-hitech"]
    assert found(search(client, q="Long Gang")) == ["longgang"]
    # the city's pinyin ranks after the names' own: every factory zone is in 深圳市 (szs)
    assert set(found(search(client, q="szs"))) == {"nanshan", "longgang"}


def test_whole_matches_come_before_starts_and_starts_before_the_rest(client, world):
    ZoneFactory(slug="longgang-bantian", name_zh="龙岗区坂田街道")
    ZoneFactory(slug="shenzhen-longgang", name_zh="深圳市龙岗区")
    body = search(client, q="龙岗区")
    assert found(body) == ["longgang", "longgang-bantian", "shenzhen-longgang"]
    assert [z["relevance"] for g in body["groups"] for z in g["zones"]] == [0, 1, 2]


def test_results_are_grouped_by_kind_and_region_best_group_first(client, world):
    ZoneFactory(
        slug="xian-hitech",
        name_zh="西安高新区",
        kind=ZoneKind.NATIONAL_HIGHTECH_ZONE,
        region=Region.WEST,
    )
    ZoneFactory(slug="gaoxin-district", name_zh="高新区", region=Region.EAST)
    body = search(client, q="高新区")
    groups = [(g["kind"], g["region"], [z["slug"] for z in g["zones"]]) for g in body["groups"]]
    assert groups == [
        ("district", "east", ["gaoxin-district"]),
        ("hightech_zone", "west", ["chengdu-hitech", "xian-hitech"]),
    ]
    assert body["groups"][1]["kind_label"].startswith("国家高新区 / National high-tech zone")
    assert body["groups"][1]["region_label"] == "西部 / West"


def test_each_zone_says_whether_it_has_data_for_the_chosen_indicators(client, world):
    body = search(client, q="区", indicator="gdp,tertiary_share")
    flags = {
        z["slug"]: (z["indicators_with_data"], z["has_data"])
        for g in body["groups"]
        for z in g["zones"]
    }
    assert flags == {"nanshan": (2, True), "longgang": (2, True), "chengdu-hitech": (1, True)}
    body = search(client, q="区", indicator="tertiary_share")
    flags = {z["slug"]: z["has_data"] for g in body["groups"] for z in g["zones"]}
    assert flags == {"nanshan": True, "longgang": True, "chengdu-hitech": False}
    # part-year values count only for that period
    body = search(client, q="区", indicator="gdp", period=Period.M9)
    flags = {z["slug"]: z["has_data"] for g in body["groups"] for z in g["zones"]}
    assert flags == {"nanshan": False, "longgang": False, "chengdu-hitech": True}
    # without indicators there is no flag, not a false one
    zone = search(client, q="龙岗")["groups"][0]["zones"][0]
    assert (zone["indicators_with_data"], zone["has_data"]) == (None, None)


def test_the_list_is_capped_and_says_how_many_match(client, world):
    for n in range(30):
        ZoneFactory(slug=f"test-{n}", name_zh=f"测试区{n}")
    body = search(client, q="测试", limit=5)
    assert (len(found(body)), body["count"], body["truncated"], body["limit"]) == (5, 30, True, 5)
    body = search(client, q="测试区1")
    assert body["count"] == 11 and not body["truncated"]  # 测试区1, 测试区10-19
    assert found(body)[0] == "test-1"
    assert search(client, q="nothing-like-this") | {"groups": []} == {
        "q": "nothing-like-this",
        "indicators": [],
        "period": "FY",
        "limit": 20,
        "count": 0,
        "truncated": False,
        "groups": [],
    }


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({}, "q"),
        ({"q": "   "}, "q"),
        ({"q": "区" * 51}, "q"),
        ({"q": "区", "limit": "0"}, "limit"),
        ({"q": "区", "limit": "101"}, "limit"),
        ({"q": "区", "limit": "２"}, "limit"),
        ({"q": "区", "period": "Q5"}, "period"),
        ({"q": "区", "indicator": "no_such_indicator"}, "indicator"),
    ],
)
def test_a_bad_parameter_is_a_400_naming_it(client, world, params, named):
    response = client.get(URL, params)
    assert response.status_code == 400, response.content
    assert list(response.json()["errors"]) == [named]


def test_the_query_count_does_not_grow_with_the_zones(client, world, django_assert_num_queries):
    with django_assert_num_queries(2):  # the indicators' ids, then the search
        small = search(client, q="区", indicator="gdp")
    for n in range(40):
        ZoneFactory(slug=f"more-{n}", name_zh=f"更多区{n}")
    with django_assert_num_queries(2):
        large = search(client, q="区", indicator="gdp", limit=100)
    assert (small["count"], large["count"]) == (3, 43)
    with django_assert_num_queries(1):
        search(client, q="区")


def test_the_api_answers_what_the_function_finds(client, world):
    body = search(client, q="区", indicator="gdp", limit=2)
    result = zone_search(query="区", indicators=["gdp"], limit=2)
    assert found(body) == [zone.slug for zone in result.zones]
    assert body["count"] == result.count == 3


def test_the_schema_documents_the_search_and_its_400(client):
    schema = client.get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/zones/search/"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {"q", "indicator", "period", "limit"}
    assert "400" in operation["responses"]
