import pytest
from django.contrib.auth.models import Permission, User
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from indicators.models import Observation

pytestmark = pytest.mark.django_db

NEW_OBSERVATION = {
    "zone": "longgang",
    "indicator": "gdp",
    "year": 2023,
    "period": "FY",
    "value": 5500,
    "as_reported": "5500亿元",
    "source": "bulletin",
}


def token_client(*permissions: str) -> APIClient:
    user = User.objects.create_user("steward", password="not-used-here")
    for codename in permissions:
        user.user_permissions.add(Permission.objects.get(codename=codename))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def test_anonymous_may_read_but_not_write(client, world):
    assert client.get("/api/v1/observations/").status_code == 200
    response = client.post("/api/v1/observations/", NEW_OBSERVATION, format="json")
    assert response.status_code == 401
    assert client.delete("/api/v1/zones/nanshan/").status_code == 401
    assert client.patch("/api/v1/indicators/gdp/", {"unit": "元"}).status_code == 401
    assert not Observation.objects.filter(zone__slug="longgang", year=2023).exists()


def test_token_user_without_the_model_permission_is_refused(world):
    client = token_client("add_zone")
    response = client.post("/api/v1/observations/", NEW_OBSERVATION, format="json")
    assert response.status_code == 403
    assert client.get("/api/v1/observations/").status_code == 200


def test_token_user_with_add_observation_creates_one_with_derived_value_type(world):
    client = token_client("add_observation")
    response = client.post("/api/v1/observations/", NEW_OBSERVATION, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["value"] == 5500.0
    created = Observation.objects.get(zone__slug="longgang", indicator__code="gdp", year=2023)
    assert created.value_type == "amount"
    assert created.source.key == "bulletin"


def test_write_is_validated_by_the_model_rules(world):
    client = token_client("add_observation")
    bad_share = {**NEW_OBSERVATION, "indicator": "tertiary_share", "value": 120}
    response = client.post("/api/v1/observations/", bad_share, format="json")
    assert response.status_code == 400
    assert "value" in response.json()["errors"]
    duplicate = {**NEW_OBSERVATION, "year": 2024}
    response = client.post("/api/v1/observations/", duplicate, format="json")
    assert response.status_code == 400
    not_a_number = {**NEW_OBSERVATION, "value": "lots"}
    response = client.post("/api/v1/observations/", not_a_number, format="json")
    assert response.status_code == 400
    assert "value" in response.json()["errors"]
    unknown_zone = {**NEW_OBSERVATION, "zone": "atlantis"}
    response = client.post("/api/v1/observations/", unknown_zone, format="json")
    assert response.status_code == 400
    assert "zone" in response.json()["errors"]


def test_session_user_with_change_zone_updates_a_zone(world):
    user = User.objects.create_user("admin-ish", password="pw")
    user.user_permissions.add(Permission.objects.get(codename="change_zone"))
    client = APIClient()
    client.force_login(user)
    response = client.patch(
        "/api/v1/zones/nanshan/", {"summary_en": "Shenzhen's tech hub"}, format="json"
    )
    assert response.status_code == 200, response.content
    world["nanshan"].refresh_from_db()
    assert world["nanshan"].summary_en == "Shenzhen's tech hub"


def test_deleting_a_referenced_indicator_is_a_409_not_a_500(world):
    client = token_client("delete_indicator")
    response = client.delete("/api/v1/indicators/gdp/")
    assert response.status_code == 409
    assert "code" in response.json()["errors"]


def test_token_user_with_delete_source_deletes_an_unused_one(world):
    from tests.factories import SourceFactory

    SourceFactory(key="unused")
    client = token_client("delete_source")
    assert client.delete("/api/v1/sources/unused/").status_code == 204
    assert client.get("/api/v1/sources/unused/").status_code == 404


def test_cohorts_are_read_only(world):
    client = token_client("add_cohort", "change_cohort")
    assert client.post("/api/v1/cohorts/", {"slug": "x"}, format="json").status_code == 405


def test_anonymous_traffic_is_throttled(client, world, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/min"},
    }
    statuses = [client.get("/api/v1/zones/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert client.get("/api/v1/rankings/?indicator=gdp&year=2024").status_code == 429


def test_authenticated_traffic_is_not_throttled_as_anonymous(world, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "1/min"},
    }
    client = token_client()
    assert [client.get("/api/v1/zones/").status_code for _ in range(3)] == [200, 200, 200]


def test_a_value_too_large_to_read_back_is_refused_with_a_400(world):
    client = token_client("change_observation")
    observation = world["nanshan"].observations.get(indicator__code="gdp", year=2024)
    response = client.patch(
        f"/api/v1/observations/{observation.id}/",
        {"value": "9999999999999999.9999"},
        format="json",
    )
    assert response.status_code == 400
    assert "value" in response.json()["errors"]
    assert client.get(f"/api/v1/observations/{observation.id}/").json()["value"] == 8500.5
