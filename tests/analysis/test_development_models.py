"""The five development models: members from the data, each group's median and range by
hand, thin groups as not enough data, the API and the page."""

import json
import re
from dataclasses import asdict
from decimal import Decimal

import pytest

from analysis.development_models import development_models
from tests.factories import IndicatorFactory, ObservationFactory, SourceFactory, ZoneFactory
from zones.models import DevelopmentModel

pytestmark = pytest.mark.django_db

# model -> {zone: (gdp, year)}
GROUPS = {
    DevelopmentModel.INDUSTRY_LED: {"i1": (100, 2024), "i2": (400, 2024), "i3": (250, 2023)},
    DevelopmentModel.INNOVATION_DRIVEN: {"n1": (90, 2024), "n2": (70, 2019)},  # 2019: too old
    DevelopmentModel.STRATEGY_LED: {"s1": None},  # a member without a figure
}


@pytest.fixture
def groups(db):
    source = SourceFactory(key="hand")
    gdp = IndicatorFactory(code="gdp", sort_order=1)
    for model, members in GROUPS.items():
        for slug, figure in members.items():
            zone = ZoneFactory(slug=slug, development_model=model)
            if figure:
                ObservationFactory(
                    zone=zone,
                    indicator=gdp,
                    value=Decimal(figure[0]),
                    year=figure[1],
                    source=source,
                )
    ObservationFactory(zone=ZoneFactory(slug="outsider"), indicator=gdp, value=Decimal(9999))
    return gdp


def group_of(result, code, model):
    indicator = next(item for item in result.indicators if item.code == code)
    return next(group for group in indicator.groups if group.model == model)


def test_members_come_from_the_data_in_the_documents_order(groups):
    result = development_models()
    assert [group.model for group in result.groups] == [
        "strategy_led",
        "industry_led",
        "innovation_driven",
        "ecosystem_cultivated",
        "regional_coordination",
    ]
    assert [m.zone for m in result.groups[1].members] == ["i1", "i2", "i3"]
    assert result.groups[3].members == []  # no zone classified: none invented


def test_a_group_s_median_and_range_by_hand(groups):
    industry = group_of(development_models(), "gdp", "industry_led")
    # 100, 250 (2023, within three years of 2024), 400: median 250, range 100-400
    assert (industry.n, industry.median, industry.minimum, industry.maximum) == (3, 250, 100, 400)
    assert {item.zone: item.year for item in industry.figures} == {
        "i1": 2024,
        "i2": 2024,
        "i3": 2023,
    }


def test_a_thin_group_is_not_enough_data_but_shows_its_members(groups):
    result = development_models()
    innovation = group_of(result, "gdp", "innovation_driven")
    # n2's 2019 figure is older than the three years to 2024: left out, not averaged in
    assert (innovation.n, innovation.median, innovation.minimum) == (1, None, None)
    assert [item.zone for item in innovation.figures] == ["n1"]
    strategy = group_of(result, "gdp", "strategy_led")
    assert (strategy.n, strategy.median, strategy.figures) == (0, None, [])


def test_a_year_moves_the_window(groups):
    innovation = group_of(development_models(year=2020), "gdp", "innovation_driven")
    assert [(item.zone, item.year) for item in innovation.figures] == [("n2", 2019)]


def test_the_api_equals_the_function(client, groups):
    response = client.get("/api/v1/models/?indicator=gdp")
    assert response.status_code == 200
    assert response.json() == json.loads(json.dumps(asdict(development_models(indicators=["gdp"]))))


@pytest.mark.parametrize(
    "query, param", [("indicator=nope", "indicator"), ("year=20x", "year"), ("period=Q9", "period")]
)
def test_bad_parameters_are_400s_naming_them(client, groups, query, param):
    response = client.get(f"/api/v1/models/?{query}")
    assert response.status_code == 400
    assert param in response.json()["errors"]


def test_queries_do_not_grow_with_the_zones(client, groups, django_assert_max_num_queries):
    for index in range(30):
        zone = ZoneFactory(slug=f"more-{index}", development_model=DevelopmentModel.STRATEGY_LED)
        ObservationFactory(zone=zone, indicator=groups, value=Decimal(index))
    with django_assert_max_num_queries(3):
        assert client.get("/api/v1/models/").status_code == 200
    with django_assert_max_num_queries(4):  # +1: the CSV names its sources by their titles
        assert client.get("/api/v1/models/?format=csv").status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get("/models/").status_code == 200


def test_the_page_draws_the_members_and_the_median(client, groups):
    html = client.get("/models/?indicator=gdp").content.decode()
    chart = json.loads(re.search(r'id="models-data">(.*?)</script>', html, re.S).group(1))  # type: ignore[union-attr]
    points, spread = chart["data"][0], chart["data"][1]
    assert points["y"] == [100.0, 400.0, 250.0, 90.0]
    assert spread["y"] == [250.0]  # only the industry-led group has enough members
    assert spread["error_y"]["array"] == [150.0] and spread["error_y"]["arrayminus"] == [150.0]
    assert 'data-model="innovation_driven" data-n="1"' in html
    assert "数据不足" in html


def test_the_shipped_models_name_their_members(client, seeded_db):
    html = client.get("/models/").content.decode()
    members = re.search(r'id="model-members">(.*?)</ul>', html, re.S).group(1)  # type: ignore[union-attr]
    for name in (
        "北京城市副中心（通州区）",
        "深圳市龙岗区",
        "深圳市光明区",
        "杭州市萧山区",
        "上海市普陀区",
    ):
        assert name in members
    assert "（n = 1）" in members


def test_the_api_answer_is_the_serializer_s(client, groups):
    # the view builds plain dicts instead of running the serializer over every figure: the
    # two must agree field for field
    from analysis.api.development_models import DevelopmentModelsSerializer

    expected = DevelopmentModelsSerializer(asdict(development_models())).data
    assert client.get("/api/v1/models/").json() == json.loads(json.dumps(expected))


def test_an_older_figure_within_the_window_is_the_member_s_latest(groups):
    # i3 has 2021 and 2023: its latest (2023) counts, the older one never does
    i3 = ZoneFactory._meta.model.objects.get(slug="i3")
    ObservationFactory(zone=i3, indicator=groups, value=Decimal(5), year=2021)
    industry = group_of(development_models(), "gdp", "industry_led")
    assert {item.zone: (item.year, item.value) for item in industry.figures}["i3"] == (2023, 250)
    assert group_of(development_models(year=2022), "gdp", "industry_led").figures[0].value == 5


def test_the_answer_is_computed_once_per_data_generation(groups, django_assert_num_queries):
    first = development_models()
    with django_assert_num_queries(0):
        assert development_models() == first
    ObservationFactory(
        zone=ZoneFactory(slug="s2", development_model=DevelopmentModel.STRATEGY_LED),
        indicator=groups,
        value=Decimal(7),
    )
    assert group_of(development_models(), "gdp", "strategy_led").n == 1
