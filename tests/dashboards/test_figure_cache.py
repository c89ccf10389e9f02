"""Figures are computed once per data generation, and an edit shows on the very next request.

The pages (and the API) cache what the analysis computes (rankings, standings, series,
latest figures) under the data generation (common/cache.py); these tests edit a figure
the ways a steward does and read the page again at once.
"""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from analysis.ranking import zone_ranking
from indicators.models import Observation
from tests.dashboards.test_pages import chart_data

RANKING = {"indicator": "gdp", "year": 2024}


def queries_of(client, url, query=None) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, query)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_a_second_request_reads_the_computed_figures_from_the_cache(client, dataset):
    cold, first = queries_of(client, reverse("dashboards:rankings"), RANKING)
    warm, second = queries_of(client, reverse("dashboards:rankings"), RANKING)
    assert warm < cold
    assert chart_data(client.get(reverse("dashboards:rankings"), RANKING), "ranking")
    assert first.count("3000.5") == second.count("3000.5") > 0


def test_an_edited_figure_shows_on_the_next_rankings_request(client, dataset):
    client.get(reverse("dashboards:rankings"), RANKING)  # computed and cached
    figure = Observation.objects.get(zone__slug="beta", indicator__code="gdp", year=2024)
    figure.value = Decimal("4321.5")
    figure.save()
    response = client.get(reverse("dashboards:rankings"), RANKING)
    bars = chart_data(response, "ranking")["data"][0]
    assert 4321.5 in bars["x"] or 4321.5 in bars["y"]
    assert "4321.5" in response.content.decode()


def test_an_edit_through_the_api_shows_on_the_next_profile_request(admin_client, dataset):
    url = reverse("dashboards:zone-detail", args=["beta"])
    before = admin_client.get(url).content.decode()  # computed and cached
    assert "2,000 亿元" in before and "1,234.5 亿元" not in before
    figure = Observation.objects.get(zone__slug="beta", indicator__code="gdp", year=2024)
    response = admin_client.patch(
        reverse("api:observation-detail", args=[figure.pk]),
        {"value": "1234.5", "as_reported": "1234.5亿元"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    after = admin_client.get(url).content.decode()
    assert "1,234.5 亿元" in after and "2,000 亿元" not in after


def test_a_deleted_figure_leaves_the_cached_ranking_at_once(dataset):
    before = zone_ranking(indicator="gdp", year=2024)
    assert "gamma" in [row.zone for row in before.rows]
    Observation.objects.filter(zone__slug="gamma", indicator__code="gdp").delete()
    after = zone_ranking(indicator="gdp", year=2024)
    assert "gamma" not in [row.zone for row in after.rows]
    assert len(after.rows) == len(before.rows) - 1


@pytest.mark.django_db(transaction=True)
def test_a_value_computed_while_an_edit_is_open_is_not_served_after_it_commits(dataset):
    from django.db import transaction

    figure = Observation.objects.get(zone__slug="beta", indicator__code="gdp", year=2024)
    with transaction.atomic():
        figure.value = Decimal("7777")
        figure.save()
        # another request computing now (here: the same connection) may cache the new or the
        # old rows; whichever, the commit starts a generation of its own
        zone_ranking(indicator="gdp", year=2024)
        Observation.objects.filter(pk=figure.pk).update(value=Decimal("8888"))
    values = {row.zone: row.value for row in zone_ranking(indicator="gdp", year=2024).rows}
    assert values["beta"] == 8888


@pytest.mark.parametrize(
    ("name", "args", "query"),
    [
        ("dashboards:home", [], {}),
        ("dashboards:rankings", [], RANKING),
        ("dashboards:zone-detail", ["alpha"], {}),
        ("dashboards:compare", [], {"zone": ["alpha", "beta"], "indicator": "gdp"}),
        ("dashboards:benchmark", [], {"zone": "alpha", "cohort": "east-52"}),
    ],
)
def test_a_page_already_rendered_in_this_generation_is_read_whole_from_the_cache(
    client, dataset, name, args, query
):
    url = reverse(name, args=args)
    cold, first = queries_of(client, url, query)
    warm, second = queries_of(client, url, query)
    assert warm <= 3 < cold  # no template rendered, no data read
    token = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')  # masked anew each time
    assert token.sub("", first) == token.sub("", second)
    english, text = queries_of(client, url, {**query, "lang": "en"})
    assert english > warm  # another address: computed afresh


@pytest.mark.parametrize(
    ("name", "query", "shown"),
    [
        ("dashboards:home", {"indicator": "gdp", "year": 2024}, "4321.5"),  # the ranking
        ("dashboards:indicator-list", {}, '<th class="num">2019</th>'),  # a new year column
        ("dashboards:source-list", {"q": "公报"}, "4321.5亿元"),  # the figure as reported
    ],
)
def test_a_page_kept_whole_shows_an_edit_on_the_next_request(client, dataset, name, query, shown):
    url = reverse(name)
    queries_of(client, url, query)  # rendered and kept whole
    warm, before = queries_of(client, url, query)
    assert warm <= 2  # the page throttle's count only: no template, no data read
    assert shown not in before
    figure = Observation.objects.get(zone__slug="alpha", indicator__code="gdp", year=2024)
    figure.value = Decimal("4321.5")
    figure.as_reported = "4321.5亿元"
    figure.save()
    figure.refresh_from_db()
    Observation.objects.create(
        zone=figure.zone,
        indicator=figure.indicator,
        year=2019,
        period=figure.period,
        value=Decimal("1000"),
        as_reported="1000亿元",
        source=figure.source,
    )
    cold, after = queries_of(client, url, query)
    assert cold > warm
    assert shown in after


def test_the_csrf_token_of_a_page_kept_whole_is_the_readers_own(dataset):
    """A page read from the cache carries a token valid for this reader's CSRF cookie."""
    from django.test import Client

    reader = Client(enforce_csrf_checks=True)
    token = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
    reader.get(reverse("dashboards:home"))  # rendered and kept
    Client().get(reverse("dashboards:home"))  # another reader: the same page, kept
    page = reader.get(reverse("dashboards:home")).content.decode()
    response = reader.post(
        "/i18n/setlang/",
        {"language": "en", "next": "/", **dict(csrfmiddlewaretoken=token.search(page)[1])},
    )
    assert response.status_code == 302
    stranger = Client(enforce_csrf_checks=True)
    stranger.get("/")
    refused = stranger.post(
        "/i18n/setlang/", {"language": "en", "csrfmiddlewaretoken": token.search(page)[1]}
    )
    assert refused.status_code == 403  # the token belongs to the first reader's cookie
