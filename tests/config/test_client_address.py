"""The anonymous throttle's idea of a client: REMOTE_ADDR, unless proxies are declared."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_a_minute(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "2/min"},
    }
    return settings


def statuses(client, forwarded_for: list[str]) -> list[int]:
    return [
        client.get("/api/v1/zones/", HTTP_X_FORWARDED_FOR=address).status_code
        for address in forwarded_for
    ]


def test_a_forged_forwarded_for_header_does_not_escape_the_throttle(client, two_a_minute):
    assert two_a_minute.REST_FRAMEWORK["NUM_PROXIES"] == 0  # the default
    assert statuses(client, ["10.0.0.1", "10.0.0.2", "10.0.0.3"]) == [200, 200, 429]


def test_behind_a_declared_proxy_each_forwarded_client_counts_on_its_own(client, two_a_minute):
    two_a_minute.REST_FRAMEWORK = {**two_a_minute.REST_FRAMEWORK, "NUM_PROXIES": 1}
    assert statuses(client, ["10.0.0.1", "10.0.0.1", "10.0.0.2", "10.0.0.1"]) == [
        200,
        200,
        200,
        429,
    ]
