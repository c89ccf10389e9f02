"""A GET's answer is kept whole per data generation, and an edit shows on the very next GET.

``ApiViewMixin`` keeps the rendered bytes of each GET (common/cache.py ``answer_key``): a
second GET of the same address, media type and language in the same generation runs no
serializer and no query of the data. These tests edit through the API and through the
models, then read back at once; and check that the throttle still counts a kept answer.
"""

from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from indicators.models import Observation
from tests.api.test_permissions import token_client

pytestmark = pytest.mark.django_db

OBSERVATIONS = "/api/v1/observations/?zone=longgang&indicator=gdp"
RANKING = "/api/v1/rankings/?indicator=gdp&year=2024"


def get(client, url, **extra):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **extra)
    assert response.status_code == 200, response.content
    return len(captured), response


def values_of(response) -> list[float]:
    return [row["value"] for row in response.json()["results"]]


@pytest.mark.parametrize("url", [OBSERVATIONS, RANKING, "/api/v1/zones/"])
def test_a_second_get_is_answered_from_the_cache_without_reading_the_data(client, world, url):
    cold, first = get(client, url)
    warm, second = get(client, url)
    assert warm == 0 < cold  # anonymous: nothing to authenticate, the data not read
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"] == "application/json"


def test_each_media_type_and_language_is_kept_apart(client, world):
    _, json_answer = get(client, RANKING)
    _, csv_answer = get(client, f"{RANKING}&format=csv")
    _, csv_again = get(client, f"{RANKING}&format=csv")
    assert csv_answer["Content-Type"].startswith("text/csv")
    assert csv_again.content == csv_answer.content != json_answer.content
    assert csv_again["Content-Disposition"] == csv_answer["Content-Disposition"]
    _, english = get(client, RANKING, HTTP_ACCEPT_LANGUAGE="en")
    assert english["Content-Language"] == "en"


def test_an_edit_through_the_api_shows_on_the_next_get(world):
    client = token_client("change_observation")
    _, before = get(client, OBSERVATIONS)
    assert values_of(before) == [5901.27]
    figure = Observation.objects.get(zone__slug="longgang", indicator__code="gdp", year=2024)
    response = client.patch(
        f"/api/v1/observations/{figure.pk}/",
        {"value": "6100.5", "as_reported": "6100.5亿元"},
        format="json",
    )
    assert response.status_code == 200, response.content
    _, after = get(client, OBSERVATIONS)
    assert values_of(after) == [6100.5]


def test_a_model_save_and_a_delete_show_on_the_next_get(client, world):
    _, before = get(client, RANKING)
    zones = [row["zone"] for row in before.json()["rows"]]
    assert "longgang" in zones
    figure = Observation.objects.get(zone__slug="longgang", indicator__code="gdp", year=2024)
    figure.value = Decimal("9999")
    figure.save()
    _, edited = get(client, RANKING)
    assert edited.json()["rows"][0]["zone"] == "longgang"
    assert edited.json()["rows"][0]["value"] == 9999
    figure.delete()
    _, deleted = get(client, RANKING)
    assert "longgang" not in [row["zone"] for row in deleted.json()["rows"]]


def test_the_anonymous_throttle_still_counts_a_kept_answer(client, world):
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "anon": "3/hour"}
    with override_settings(
        REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    ):
        statuses = [client.get(OBSERVATIONS).status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]
