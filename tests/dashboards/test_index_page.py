"""The composite index page: its numbers are the analysis function's, bad input is an error
page naming the parameter, and the query count does not grow with the zones."""

import pytest

from analysis.index import composite_index
from tests.factories import IndicatorFactory, ObservationFactory, ZoneFactory
from tests.index_world import make_scheme

URL = "/index/?scheme=two-dims&year=2024"


@pytest.fixture
def schemes(three_zones):
    make_scheme()
    make_scheme(normalisation="percentile", slug="two-dims-pct")


def test_the_page_ranks_as_the_analysis_function_does(client, schemes):
    response = client.get(URL)
    assert response.status_code == 200
    expected = composite_index(scheme="two-dims", year=2024)
    assert [row.zone for row in response.context["index"].rows] == [r.zone for r in expected.rows]
    html = response.content.decode()
    assert html.index('data-zone="c"') < html.index('data-zone="b"') < html.index('data-zone="a"')
    assert 'id="index-slope"' in html and 'id="index-coverage"' in html


def test_weights_in_the_url_rank_again(client, schemes):
    response = client.get(URL + "&weights=size:0.2,cost:0.8")
    assert [row.zone for row in response.context["index"].rows] == ["b", "c", "a"]


def test_a_zone_without_enough_data_is_listed_with_its_reason(client, schemes):
    ObservationFactory(zone=ZoneFactory(slug="d"), indicator=IndicatorFactory(code="x"), value=20)
    html = client.get(URL).content.decode()
    assert 'id="index-unranked"' in html
    assert "数据不足" in html.split('id="index-unranked"')[1]


@pytest.mark.parametrize(
    ("url", "param", "status"),
    [
        (URL + "&weights=size:0.5,cost:0.4", "weights", 400),
        (URL + "&weights=size:x", "weights", 400),
        ("/index/?scheme=nope&year=2024", "scheme", 404),
    ],
)
def test_bad_input_is_an_error_page_naming_the_parameter(client, schemes, url, param, status):
    response = client.get(url)
    assert response.status_code == status
    assert response.context["param"] == param


def test_the_page_runs_a_fixed_number_of_queries(client, schemes, django_assert_max_num_queries):
    counts = []
    for batch in range(2):
        for n in range(10):
            zone = ZoneFactory(slug=f"more-{batch}-{n}")
            ObservationFactory(zone=zone, indicator=IndicatorFactory(code="x"), value=n + 1)
            ObservationFactory(zone=zone, indicator=IndicatorFactory(code="y"), value=n + 1)
        with django_assert_max_num_queries(40) as captured:
            assert client.get(URL).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_zone_profile_shows_the_zones_index_with_a_constant_query_count(
    client, three_zones, django_assert_max_num_queries
):
    make_scheme(slug="zonebench-balanced")
    html = client.get("/zones/c/").content.decode()
    section = html.split('id="zone-index"')[1].split("</section>")[0]
    assert "80" in section and "第 1 名，共 3 个" in section
    counts = []
    for batch in range(2):
        for n in range(5):
            zone = ZoneFactory(slug=f"p-{batch}-{n}")
            ObservationFactory(zone=zone, indicator=IndicatorFactory(code="x"), value=n + 1)
        with django_assert_max_num_queries(60) as captured:
            assert client.get("/zones/c/").status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
