"""The composite index page draws the best ``INDEX_BARS`` ranked zones and lists the first
``INDEX_BARS`` unranked ones, with a link drawing every zone; what it draws is the API's
ranking. Its content is rendered once per data generation."""

from decimal import Decimal

import pytest

from indicators.models import Observation
from tests.dashboards.test_pages import chart_data
from tests.factories import IndicatorFactory, ObservationFactory, SourceFactory, ZoneFactory
from tests.index_world import make_scheme

URL = "/index/?scheme=two-dims&year=2024"
API = "/api/v1/index/?scheme=two-dims&year=2024"
BARS = 4
RANKED, UNRANKED = BARS + 3, BARS + 2


@pytest.fixture
def many_zones(db, monkeypatch):
    """``RANKED`` zones with both indicators, ``UNRANKED`` with x only (the scheme asks for
    every dimension), each zone's figures from its own source."""
    monkeypatch.setattr("dashboards.views.index.INDEX_BARS", BARS)
    x, y = IndicatorFactory(code="x", sort_order=1), IndicatorFactory(code="y", sort_order=2)
    for i in range(RANKED + UNRANKED):
        zone = ZoneFactory(slug=f"z-{i:02d}")
        source = SourceFactory(key=f"source-{i:02d}")
        ObservationFactory(zone=zone, indicator=x, value=Decimal(100 + 7 * i), source=source)
        if i < RANKED:
            ObservationFactory(zone=zone, indicator=y, value=Decimal(50 - i % 5), source=source)
    make_scheme()


def drawn(response) -> dict:
    """What the page draws and lists: the stacked bars' (zone, index, rank), the table's
    zones, the rank ranges' and coverage matrix's zones, the unranked list."""
    html = response.content.decode()
    table = html.split('id="index-table"')[1].split("</table>")[0]
    unranked = html.split('id="index-unranked"')[1].split("</ul>")[0]
    stacked = chart_data(response, "index-stacked")
    return {
        "bars": [tuple(c) for c in stacked["data"][0]["customdata"]],
        "traces": [len(trace["x"]) for trace in stacked["data"]],
        "table": table.count('<tr data-zone="'),
        "ranges": len(chart_data(response, "index-ranges")["data"][0]["x"]),
        "coverage": len(chart_data(response, "index-coverage")["data"][0]["y"]),
        "unranked": unranked.count("<li "),
        "sources": [s["key"] for s in response.context["stacked_chart"]["sources"]],
    }


def test_the_page_draws_the_best_zones_as_the_api_ranks_them(client, many_zones):
    api = client.get(API).json()
    ranked = [(r["zone"], r["index"], r["rank"]) for r in api["rows"] if r["rank"] is not None]
    assert len(ranked) == RANKED

    response = client.get(URL)
    assert response.status_code == 200
    page = drawn(response)
    assert page["bars"] == ranked[:BARS]
    assert page["traces"] == [BARS, BARS]  # each dimension's segments
    assert page["table"] == page["ranges"] == BARS
    assert page["coverage"] == 2 * BARS  # the drawn zones, then the first unranked ones
    assert page["unranked"] == BARS
    # the chart cites the sources of the zones it draws, not of every zone
    assert page["sources"] == sorted(f"source-{zone[2:]}" for zone, _, _ in ranked[:BARS])
    html = response.content.decode()
    assert f"共 {RANKED} 个园区" in html and f"共 {UNRANKED} 个" in html
    assert "bars=all" in html and 'class="show-all"' in html


def test_show_all_draws_every_zone_as_the_api_ranks_them(client, many_zones):
    api = client.get(API).json()
    ranked = [(r["zone"], r["index"], r["rank"]) for r in api["rows"] if r["rank"] is not None]
    response = client.get(URL + "&bars=all")
    page = drawn(response)
    assert page["bars"] == ranked
    assert page["traces"] == [RANKED, RANKED]
    assert page["table"] == page["ranges"] == RANKED
    assert page["coverage"] == RANKED + UNRANKED
    assert page["unranked"] == UNRANKED
    assert len(page["sources"]) == RANKED + UNRANKED
    assert 'class="show-all"' not in response.content.decode()


def test_a_bad_bars_value_is_an_error_page_naming_it(client, many_zones):
    response = client.get(URL + "&bars=999")
    assert response.status_code == 400
    assert response.context["param"] == "bars"


def test_the_page_is_rendered_once_per_data_generation(
    client, many_zones, django_assert_max_num_queries
):
    def table(response) -> str:
        return response.content.decode().split('id="index-table"')[1].split("</table>")[0]

    first = table(client.get(URL))
    with django_assert_max_num_queries(3):
        assert table(client.get(URL)) == first
    # an edit shows on the next request: z-00, the lowest x, becomes the best
    figure = Observation.objects.get(zone__slug="z-00", indicator__code="x")
    figure.value = Decimal(10_000)
    figure.save()
    response = client.get(URL)
    assert chart_data(response, "index-stacked")["data"][0]["customdata"][0][0] == "z-00"
