"""``/api/v1/peers/`` and the ``/peers/`` page: the numbers of ``zone_peers``, bad input
named, query counts fixed."""

import json
import re
from dataclasses import asdict
from decimal import Decimal

import pytest

from analysis.peers import zone_peers
from tests.api.helpers import read_csv
from tests.factories import ObservationFactory, ZoneFactory

pytestmark = pytest.mark.django_db


def test_the_api_gives_the_analysis_functions_peers(client, five):
    body = client.get("/api/v1/peers/?zone=a&min_overlap=2").json()
    direct = asdict(zone_peers(zone="a", min_overlap=2))
    assert [(p["zone"], p["distance"], p["shared"]) for p in body["peers"]] == [
        (p["zone"], p["distance"], p["shared"]) for p in direct["peers"]
    ]
    assert body["peers"][1]["contributions"] == direct["peers"][1]["contributions"]
    assert body["enough_data"] is True and body["too_little_overlap"] == 1
    assert [item["code"] for item in body["indicators"]] == ["s1", "s2", "g"]


def test_the_api_csv_has_one_row_per_peer_and_indicator(client, five):
    response = client.get("/api/v1/peers/?zone=a&min_overlap=2&format=csv")
    assert response.status_code == 200
    rows = read_csv(response)
    pairs = list(zip(rows["peer"], rows["indicator"], strict=True))
    assert sorted(pairs[:2]) == [("d", "s1"), ("d", "s2")]
    assert len(rows) == 2 + 3 + 3  # d shares two indicators with a, b and c three


def test_not_enough_data_is_said_not_hidden(client, five):
    body = client.get("/api/v1/peers/?zone=e").json()
    assert body["enough_data"] is False and body["peers"] == []


@pytest.mark.parametrize(
    ("query", "param"),
    [
        ("zone=a&k=0", "k"),
        ("zone=a&k=abc", "k"),
        ("zone=a&min_overlap=0", "min_overlap"),
        ("zone=a&window=99", "window"),
        ("zone=a&year=20x4", "year"),
        ("zone=a&period=YY", "period"),
        ("zone=nowhere", "zone"),
        ("zone=a&indicator=s1,nothing", "indicator"),
        ("", "zone"),
    ],
)
def test_bad_parameters_are_a_400_naming_them(client, five, query, param):
    response = client.get(f"/api/v1/peers/?{query}")
    assert response.status_code == 400, response.content
    assert param in response.json()["errors"]


def test_the_endpoint_runs_a_fixed_number_of_queries(client, five, django_assert_max_num_queries):
    for index in range(30):
        zone = ZoneFactory(slug=f"more-{index}")
        for code in ("s1", "s2", "g"):
            ObservationFactory(zone=zone, indicator=five[code], value=Decimal(index))
    # the CSV adds one: the sources' publishers, titles, dates and addresses for the file
    for query, most in (("zone=a&k=1", 5), ("zone=a&k=25", 5), ("zone=a&k=25&format=csv", 6)):
        with django_assert_max_num_queries(most):
            assert client.get(f"/api/v1/peers/?{query}").status_code == 200


def test_the_peers_page_draws_the_distances_and_names_the_reasons(client, five):
    response = client.get("/peers/?zone=a&min_overlap=2")
    assert response.status_code == 200
    html = response.content.decode()
    figure = json.loads(re.search(r'id="peers-data">(.*?)</script>', html, re.S).group(1))
    result = zone_peers(zone="a", min_overlap=2)
    assert figure["data"][0]["x"] == [peer.distance for peer in result.peers]
    assert re.findall(r'data-peer="([^"]+)"', html) == ["d", "b", "c"]
    assert 'data-indicator="g"' in html  # b's and c's growth named as a reason
    assert "/rankings/?peers=a%2Cd%2Cb%2Cc" in html


def test_the_peers_page_says_when_there_is_not_enough_data(client, five):
    html = client.get("/peers/?zone=e").content.decode()
    assert 'id="peers-not-enough"' in html and "data-peer=" not in html


@pytest.mark.parametrize("query", ["zone=a&k=0", "zone=a&window=x", "zone=a&year=1800"])
def test_the_peers_page_answers_400_naming_a_bad_parameter(client, five, query):
    response = client.get(f"/peers/?{query}")
    assert response.status_code == 400
    assert query.split("&")[1].split("=")[0] in response.content.decode()


def test_the_peers_page_runs_a_fixed_number_of_queries(client, five, django_assert_max_num_queries):
    for index in range(30):
        zone = ZoneFactory(slug=f"more-{index}")
        for code in ("s1", "s2", "g"):
            ObservationFactory(zone=zone, indicator=five[code], value=Decimal(index))
    with django_assert_max_num_queries(8):
        assert client.get("/peers/?zone=a&k=20").status_code == 200


def test_the_profile_shows_zones_like_this_one(client, five):
    html = client.get("/zones/a/").content.decode()
    assert 'id="zone-peers"' in html
    assert re.findall(r'data-peer="([^"]+)"', html) == ["d", "b", "c"]


# --- the ad-hoc peer set on rankings --------------------------------------------------------


def test_a_ranking_within_an_ad_hoc_peer_set_ranks_only_those_zones(client, five):
    body = client.get("/api/v1/rankings/?indicator=s1&year=2024&peers=a,c,e").json()
    assert [row["zone"] for row in body["rows"]] == ["e", "c", "a"]
    assert body["n"] == 3 and body["peer_set"]["peers"] == ["a", "c", "e"]
    assert body["peer_set"]["label_en"] == "ad-hoc peer set (3 zones)"
    html = client.get("/rankings/?indicator=s1&year=2024&peers=a,c,e").content.decode()
    assert "自选同类园区（3 个）" in html
    assert 'name="peers" value="a,c,e"' in html  # kept when the form is submitted again
    assert "peers=a%2Cc%2Ce" in html  # and in the chart's CSV link
    csv = client.get("/rankings/csv/?indicator=s1&year=2024&peers=a,c,e").getvalue().decode()
    assert csv.count("\n") == 1 + 3


def test_an_unknown_zone_in_the_peer_set_is_named(client, five):
    response = client.get("/api/v1/rankings/?indicator=s1&year=2024&peers=a,nowhere")
    assert response.status_code == 400
    assert "nowhere" in response.json()["errors"]["zone"][0]
    page = client.get("/rankings/?indicator=s1&year=2024&peers=a,nowhere")
    assert page.status_code == 404 and "nowhere" in page.content.decode()
