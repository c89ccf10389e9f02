"""The rankings page draws the best RANKING_BARS zones (and the highlighted one) with a link
that shows every zone; the CSV always holds them all."""

from decimal import Decimal

import pytest
from django.urls import reverse

from dashboards.views.rankings import RANKING_BARS
from tests.dashboards.test_pages import chart_data, csv_rows
from tests.factories import IndicatorFactory, ObservationFactory, SourceFactory, ZoneFactory

N_ZONES = RANKING_BARS + 12


@pytest.fixture
def many_zones(db):
    source = SourceFactory(key="many")
    gdp = IndicatorFactory(code="gdp", sort_order=1)
    for i in range(N_ZONES):
        zone = ZoneFactory(slug=f"z-{i:03d}")
        ObservationFactory(
            zone=zone, indicator=gdp, year=2024, value=Decimal(1000 - i), source=source
        )


def bars(response) -> list:
    trace = chart_data(response, "ranking")["data"][0]
    return trace["y"] if trace.get("orientation") == "h" else trace["x"]


def test_the_chart_and_table_show_the_best_zones_and_a_link_to_all(client, many_zones):
    last = f"z-{N_ZONES - 1:03d}"  # the worst, highlighted: drawn although far down
    response = client.get(reverse("dashboards:rankings"), {"indicator": "gdp", "zone": last})
    assert response.status_code == 200
    html = response.content.decode()
    assert len(bars(response)) == RANKING_BARS + 1
    assert html.count('<tr data-zone="') == RANKING_BARS + 1
    assert f"共 {N_ZONES} 个园区" in html
    assert "bars=all" in html and 'class="show-all"' in html

    everything = client.get(
        reverse("dashboards:rankings"), {"indicator": "gdp", "zone": last, "bars": "all"}
    )
    assert len(bars(everything)) == N_ZONES
    assert everything.content.decode().count('<tr data-zone="') == N_ZONES
    assert 'class="show-all"' not in everything.content.decode()

    rows = csv_rows(client.get(reverse("dashboards:rankings-csv"), {"indicator": "gdp"}))
    assert len(rows) == N_ZONES


def test_a_bad_bars_value_is_a_400_naming_it(client, many_zones):
    response = client.get(reverse("dashboards:rankings"), {"indicator": "gdp", "bars": "999"})
    assert response.status_code == 400
    assert "bars" in response.content.decode()
