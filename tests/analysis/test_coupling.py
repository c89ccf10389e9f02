"""产城融合: the coupling-coordination degree by hand, not enough data, weights, the API and
the page."""

import json
import math
import re
from dataclasses import asdict
from decimal import Decimal

import pytest

from analysis.api.coupling import coupling_data
from analysis.coupling import industry_city_coupling
from analysis.coupling_method import coordination, grade
from indicators.models import Observation, ValueType
from tests.factories import IndicatorFactory, ObservationFactory, SourceFactory, ZoneFactory
from zones.models import Region

pytestmark = pytest.mark.django_db

# zone -> {indicator: value}, all 2024 full year. Min-max over the set:
# gdp 100..300, rd_intensity 2..4, population 10..30, resident_income 50000..70000.
HAND = {
    "a": {"gdp": 100, "rd_intensity": 2, "population": 10, "resident_income": 50000},
    "b": {"gdp": 300, "rd_intensity": 4, "population": 30, "resident_income": 70000},
    # gdp 0.5, rd 1 -> U1 0.75; population 0, income 0.75 -> U2 0.375
    "c": {"gdp": 200, "rd_intensity": 4, "population": 10, "resident_income": 65000},
    "d": {"gdp": 250},  # no city figure: not enough data, never a zero
    "e": {"rd_intensity": 3, "new_green_space": 100},  # green space has no spread
    "w": {"gdp": 120, "population": 12},
}


@pytest.fixture
def hand(db):
    source = SourceFactory(key="hand")
    indicators = {
        "gdp": IndicatorFactory(code="gdp"),
        "rd_intensity": IndicatorFactory(code="rd_intensity", unit="%", value_type=ValueType.SHARE),
        "population": IndicatorFactory(code="population", unit="万人"),
        "resident_income": IndicatorFactory(code="resident_income", unit="元"),
        "new_green_space": IndicatorFactory(code="new_green_space", unit="万平方米"),
    }
    for slug, values in HAND.items():
        zone = ZoneFactory(slug=slug, region=Region.WEST if slug == "w" else Region.EAST)
        for code, value in values.items():
            ObservationFactory(
                zone=zone, indicator=indicators[code], value=Decimal(value), source=source
            )
    return indicators


def by_zone(result):
    return {item.zone: item for item in result.zones}


def test_the_coupling_coordination_degree_of_two_hand_computed_cases(hand):
    zones = by_zone(industry_city_coupling(region=Region.EAST))
    c = zones["c"]
    assert (c.u1, c.u2) == (0.75, 0.375)
    # C = 2·√(0.75·0.375) / 1.125 = 0.942809; T = 0.5625; D = √(C·T) = 0.728238
    assert c.c == pytest.approx(0.9428, abs=1e-4)
    assert c.t == pytest.approx(0.5625, abs=1e-4)
    assert c.d == pytest.approx(0.7282, abs=1e-4)
    assert (c.grade_zh, c.grade_en) == ("中级协调", "intermediate coordination")
    b = zones["b"]  # the best on everything: U1 = U2 = 1, C = T = D = 1
    assert (b.u1, b.u2, b.c, b.t, b.d, b.grade_zh) == (1.0, 1.0, 1.0, 1.0, 1.0, "优质协调")
    # the worst on everything: U1 = U2 = 0, C undefined, D = 0 (a computed 0, not a gap)
    a = zones["a"]
    assert (a.u1, a.u2, a.c, a.d, a.grade_zh) == (0.0, 0.0, None, 0.0, "极度失调")


def test_alpha_and_beta_weigh_the_subsystems(hand):
    c = by_zone(industry_city_coupling(region=Region.EAST, alpha=0.7))["c"]
    assert c.t == pytest.approx(0.7 * 0.75 + 0.3 * 0.375, abs=1e-4)  # 0.6375
    assert c.d == pytest.approx(math.sqrt(0.942809 * 0.6375), abs=1e-4)  # 0.775268
    assert industry_city_coupling(region=Region.EAST, beta=0.3).alpha == pytest.approx(0.7)


def test_a_zone_lacking_a_subsystem_is_not_enough_data_with_the_reason(hand):
    zones = by_zone(industry_city_coupling(region=Region.EAST))
    d = zones["d"]
    assert d.u1 == 0.75 and d.u2 is None and d.d is None and d.c is None
    assert not d.enough_data
    assert d.reason_en == "no figure of the city subsystem"
    # e has a city figure, but green space does not vary within the set: it cannot be scaled
    e = zones["e"]
    assert e.city_count == 0 and e.d is None
    assert "do not vary" in e.reason_en
    assert [item.zone for item in industry_city_coupling(region=Region.EAST).zones][-2:] == [
        "d",
        "e",
    ]  # not enough data comes last, never ranked


def test_the_peer_set_changes_the_normalisation(hand):
    # among a, c and w only: gdp 100..200, so c's gdp scores 1, not 0.5
    zones = by_zone(industry_city_coupling(peers=["a", "c", "w"]))
    assert set(zones) == {"a", "c", "w"}
    assert zones["c"].u1 == 1.0


def test_the_path_follows_a_zone_over_the_years(hand):
    ObservationFactory(
        zone=ZoneFactory(slug="c"),
        indicator=hand["gdp"],
        value=Decimal(100),
        year=2023,
        source=SourceFactory(key="hand"),
    )
    result = industry_city_coupling(region=Region.EAST, zone="c")
    assert result.year == 2024
    assert [(item.year, item.enough_data) for item in result.path] == [(2023, False), (2024, True)]
    assert result.path[0].reason_en == "no figure of the city subsystem"


@pytest.mark.parametrize(
    "d, expected", [(0.0, "极度失调"), (0.1, "严重失调"), (0.499, "濒临失调"), (0.5, "勉强协调")]
)
def test_the_grades_are_bands_of_a_tenth(d, expected):
    assert grade(d)[0] == expected


def test_coordination_is_symmetric_when_the_weights_are_equal():
    weights = {"alpha": 0.5, "beta": 0.5}
    assert coordination(0.2, 0.6, **weights) == coordination(0.6, 0.2, **weights)


def test_the_api_equals_the_function(client, hand):
    response = client.get("/api/v1/integration/?region=east&zone=c&alpha=0.6")
    assert response.status_code == 200
    result = industry_city_coupling(region=Region.EAST, zone="c", alpha=0.6)
    assert response.json() == json.loads(json.dumps(coupling_data(result)))
    assert response.json()["zones"][0] == {**asdict(result.zones[0]), "enough_data": True}


@pytest.mark.parametrize(
    "query, param, page_status",
    [
        ("alpha=0.3&beta=0.3", "beta", 400),
        ("alpha=1.5", "alpha", 400),
        ("alpha=x", "alpha", 400),
        ("beta=-1", "beta", 400),
        ("kind=castle", "kind", 404),  # an unknown code: a 404 page, as on rankings
        ("year=20x", "year", 400),
    ],
)
def test_bad_parameters_are_400s_naming_them(client, hand, query, param, page_status):
    response = client.get(f"/api/v1/integration/?{query}")
    assert response.status_code == 400
    assert param in response.json()["errors"]
    page = client.get(f"/integration/?{query}")
    assert page.status_code == page_status
    assert f'<code class="param">{param}</code>' in page.content.decode()


def test_the_csv_holds_the_peer_set_and_the_path(client, hand):
    response = client.get("/api/v1/integration/?region=east&zone=c&format=csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("part,period,alpha,beta,zone,")
    assert sum(line.startswith("zones,") for line in lines) == 5
    assert sum(line.startswith("path,") for line in lines) == 1


def test_queries_do_not_grow_with_the_zones(client, hand, django_assert_max_num_queries):
    for index in range(30):
        zone = ZoneFactory(slug=f"more-{index}")
        for code in ("gdp", "population"):
            ObservationFactory(zone=zone, indicator=hand[code], value=Decimal(index + 1))
    # peers, catalogue, ranges and years (one query), the zones, the values of the latest
    # year (it has a zone with both: no search for another), the sources, c's figures
    with django_assert_max_num_queries(7):
        assert client.get("/api/v1/integration/?zone=c&peers=a,b,c").status_code == 200
    with django_assert_max_num_queries(5):  # no zone chosen: no figure's provenance read
        assert client.get("/api/v1/integration/?format=csv&year=2024").status_code == 200
    with django_assert_max_num_queries(7):  # every zone's figures, in one query
        assert client.get("/api/v1/integration/?figures=1&year=2024").status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get("/integration/?zone=c").status_code == 200


def test_the_page_draws_the_function(client, hand):
    response = client.get("/integration/?region=east&zone=c")
    html = response.content.decode()
    chart = json.loads(
        re.search(r'id="integration-data">(.*?)</script>', html, re.S).group(1)  # type: ignore[union-attr]
    )
    result = industry_city_coupling(region=Region.EAST, zone="c")
    drawn = chart["data"][0]
    shown = [item for item in result.zones if item.enough_data]
    assert drawn["x"] == [item.u1 for item in shown]
    assert drawn["y"] == [item.u2 for item in shown]
    assert chart["data"][1]["x"] == [0.75]  # c's path: 2024 only
    assert 'data-zone="d"' in html and "数据不足" in html
    assert "廖重斌" in html and "D = √(C·T)" in html


def test_the_shipped_documents_say_who_lacks_what(client, seeded_db):
    # the documents alone (no bulletins): Longgang has 2024 industry figures, no city one
    response = client.get("/integration/?zone=shenzhen-longgang&year=2024")
    assert response.status_code == 200
    result = industry_city_coupling(zone="shenzhen-longgang", year=2024)
    longgang = by_zone(result)["shenzhen-longgang"]
    assert not longgang.enough_data
    assert "no figure of the city subsystem" in longgang.reason_en
    html = response.content.decode()
    lacking = [item for item in result.zones if not item.enough_data]
    for item in lacking:
        assert f'data-zone="{item.zone}" data-d=""' in html
    assert html.count("数据不足") >= len(lacking)


def test_the_profile_links_to_the_zone_s_integration(client, hand):
    html = client.get("/zones/c/").content.decode()
    assert 'href="/integration/?zone=c"' in html


def test_the_fast_answer_is_what_the_documented_serializer_gives(hand):
    from analysis.api.coupling import CouplingSerializer

    data = coupling_data(industry_city_coupling(region=Region.EAST, zone="c"))
    assert json.loads(json.dumps(CouplingSerializer(data).data)) == json.loads(json.dumps(data))


def test_a_lower_is_better_indicator_counts_down_from_its_maximum(hand):
    hand["population"].direction = "lower"
    hand["population"].save()
    c = by_zone(industry_city_coupling(region=Region.EAST, zone="c"))["c"]
    # population 10 of 10..30 now scores 1; income 0.75: U2 = 0.875
    assert c.u2 == 0.875
    population = next(f for f in c.figures or [] if f.indicator == "population")
    assert population.normalised == 1.0


def test_the_answer_is_computed_once_per_data_generation(hand, django_assert_num_queries):
    first = industry_city_coupling(region=Region.EAST)
    with django_assert_num_queries(0):  # the same generation: read from the cache
        assert industry_city_coupling(region=Region.EAST) == first
    # an edit starts a new generation: the next answer sees it
    ObservationFactory(
        zone=ZoneFactory(slug="f", region=Region.EAST),
        indicator=hand["gdp"],
        value=Decimal(1000),
        source=SourceFactory(key="later"),
    )
    after = industry_city_coupling(region=Region.EAST)
    assert "f" in by_zone(after) and "f" not in by_zone(first)
    assert after.indicators[0].maximum == 1000


def test_the_api_data_equals_asdict(hand):
    # ``coupling_data`` copies the dataclasses' fields without ``asdict``'s deep copies
    result = industry_city_coupling(region=Region.EAST, zone="c")
    expected = asdict(result)
    for key in ("zones", "path"):
        for item in expected[key]:
            item["enough_data"] = item["d"] is not None
    assert coupling_data(result) == expected


def test_the_page_table_lists_the_first_zones_and_links_to_all(client, hand, monkeypatch):
    monkeypatch.setattr("dashboards.views.integration.TABLE_ROWS", 2)
    html = client.get("/integration/?region=east&zone=d").content.decode()
    listed = re.findall(r'<tr data-zone="([^"]+)"', html)
    # by D, highest first: the two first zones, then the chosen one (not enough data)
    order = [item.zone for item in industry_city_coupling(region=Region.EAST).zones]
    assert listed == [*order[:2], "d"]
    assert 'id="integration-more"' in html and "rows=all" in html
    # the chart still draws every zone with both subsystems
    chart = json.loads(re.search(r'id="integration-data">(.*?)</script>', html, re.S).group(1))  # type: ignore[union-attr]
    assert len(chart["data"][0]["x"]) == 3
    everything = client.get("/integration/?region=east&zone=d&rows=all").content.decode()
    assert re.findall(r'<tr data-zone="([^"]+)"', everything) == order
    assert 'id="integration-more"' not in everything


def test_a_bad_rows_choice_is_a_400_naming_it(client, hand):
    response = client.get("/integration/?rows=some")
    assert response.status_code == 400
    assert "rows" in response.content.decode()


def test_the_default_year_is_the_latest_with_both_subsystems(hand):
    # 2025 has an industry figure only: no zone has both then, so 2024 is the year shown
    ObservationFactory(
        zone=ZoneFactory(slug="g", region=Region.EAST),
        indicator=hand["gdp"],
        value=Decimal(150),
        year=2025,
        source=SourceFactory(key="later"),
    )
    result = industry_city_coupling(region=Region.EAST)
    assert result.year == 2024 and result.years[-1] == 2025
    assert by_zone(result)["c"].u1 is not None
    # with only one subsystem in any year, the latest year with figures is shown
    assert industry_city_coupling(peers=["d"]).year == 2024


def test_each_zone_says_which_indicators_it_had_and_the_chosen_one_its_figures(hand):
    result = industry_city_coupling(region=Region.EAST, zone="c")
    zones = by_zone(result)
    assert zones["c"].indicators == ["gdp", "population", "rd_intensity", "resident_income"]
    assert zones["e"].indicators == ["new_green_space", "rd_intensity"]
    # the figures and their provenance: the chosen zone's only, unless asked for
    assert [f.indicator for f in zones["c"].figures or []] == zones["c"].indicators
    assert {f.source for f in zones["c"].figures or []} == {"hand"}
    assert zones["a"].figures is None
    assert [f.indicator for f in result.path[0].figures or []] == zones["c"].indicators
    assert result.sources == ["hand"]


def test_every_zone_s_figures_come_when_asked(hand):
    result = industry_city_coupling(region=Region.EAST, figures=True)
    for item in result.zones:
        assert [f.indicator for f in item.figures or []] == item.indicators
    gdp = next(f for f in by_zone(result)["c"].figures or [] if f.indicator == "gdp")
    stored = Observation.objects.get(zone__slug="c", indicator__code="gdp")
    assert (gdp.value, gdp.normalised, gdp.source) == (200.0, 0.5, "hand")
    assert (gdp.as_reported, gdp.status) == (stored.as_reported, stored.status)
    # the scores are the same with or without the figures
    light = industry_city_coupling(region=Region.EAST)
    assert [(i.zone, i.d) for i in light.zones] == [(i.zone, i.d) for i in result.zones]


def test_the_api_gives_the_figures_of_the_chosen_zone_or_of_every_zone_when_asked(client, hand):
    light = client.get("/api/v1/integration/?region=east&zone=c").json()
    with_figures = {item["zone"]: item for item in light["zones"] if item["figures"] is not None}
    assert list(with_figures) == ["c"]
    assert light["sources"] == ["hand"]
    every = client.get("/api/v1/integration/?region=east&zone=c&figures=1").json()
    assert all(item["figures"] is not None for item in every["zones"])
    result = industry_city_coupling(region=Region.EAST, zone="c", figures=True)
    assert every == json.loads(json.dumps(coupling_data(result)))
    # the figures aside, both answers are the same
    for item in every["zones"]:
        if item["zone"] != "c":
            item["figures"] = None
    assert every == light
    assert client.get("/api/v1/integration/?figures=maybe").status_code == 400


def test_the_page_marks_the_indicators_without_spread(client, hand):
    html = client.get("/integration/?region=east&zone=c").content.decode()
    row = re.search(r'<tr data-zone="e".*?</tr>', html, re.S).group(0)  # type: ignore[union-attr]
    assert "new_green_space*, rd_intensity" in row
    # the source of the figures drawn, under the chart
    assert 'href="/sources/#source-hand"' in html
