"""The /quality/ page: the findings with their figures, filtered, escaped, in few queries."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from indicators.checks import checks_run
from indicators.models import Finding, Indicator
from tests.factories import ObservationFactory, SourceFactory, ZoneFactory


@pytest.fixture
def jumps(db):
    """Zones whose GDP doubles from 2022 to 2023: one series-break finding each."""
    call_command("loaddata", "sources", "indicators", verbosity=0)
    gdp = Indicator.objects.get(code="gdp")
    source = SourceFactory(key="bulletin")

    def make(count: int) -> None:
        for n in range(Finding.objects.count(), Finding.objects.count() + count):
            zone = ZoneFactory(slug=f"z{n}", name_zh=f"<b>区{n}</b>")
            for year, value in ((2022, "500"), (2023, "1000")):
                ObservationFactory(
                    zone=zone, indicator=gdp, year=year, value=Decimal(value), source=source
                )
        checks_run()

    return make


def test_the_page_lists_each_finding_with_its_figures_escaped(client, jumps):
    jumps(2)
    html = client.get("/quality/").content.decode()
    assert html.count('data-kind="series_break"') == 2
    assert "&lt;b&gt;区0&lt;/b&gt;" in html and "<b>区0</b>" not in html
    assert "gdp 2022 FY: 500 (bulletin)" in html
    english = client.get("/quality/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Data quality" in english


def test_the_page_filters_and_names_a_bad_parameter(client, jumps):
    jumps(1)
    assert 'data-kind="series_break"' not in client.get("/quality/?kind=parts_sum").content.decode()
    response = client.get("/quality/?kind=nonsense")
    assert response.status_code == 400
    assert '<code class="param">kind</code>' in response.content.decode()


def test_the_page_runs_a_fixed_number_of_queries(client, jumps, django_assert_max_num_queries):
    jumps(1)
    with django_assert_max_num_queries(12) as few:
        client.get("/quality/")
    jumps(6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/quality/")
    assert response.content.decode().count('data-kind="series_break"') == 7
