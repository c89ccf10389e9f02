"""Anonymous quotas that hold: X-Forwarded-For buys no fresh quota unless the app is told it
stands behind proxies, and the pages count against a quota as the API does."""

import pytest
from django.test import Client


@pytest.fixture
def rates(settings):
    """Sets the quotas; NUM_PROXIES stays as the settings read it (0) unless given."""

    def set_rates(*, api="1000/min", pages="1000/min", num_proxies=None):
        overrides = {"DEFAULT_THROTTLE_RATES": {"anon": api, "pages": pages}}
        if num_proxies is not None:
            overrides["NUM_PROXIES"] = num_proxies
        settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, **overrides}

    return set_rates


def forwarded_for(address: str) -> dict:
    return {"HTTP_X_FORWARDED_FOR": address}


def test_a_new_forwarded_for_header_buys_no_fresh_api_quota(db, rates):
    rates(api="3/min")
    client = Client()
    statuses = [
        client.get("/api/v1/zones/", **forwarded_for(f"203.0.113.{n}")).status_code
        for n in range(5)
    ]
    assert statuses == [200, 200, 200, 429, 429]


def test_the_api_429_is_json_in_the_error_shape_with_retry_after(db, rates):
    rates(api="1/min")
    client = Client()
    client.get("/api/v1/indicators/")
    response = client.get("/api/v1/indicators/")
    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == {"detail"}
    assert 0 < int(response["Retry-After"]) <= 60


def test_behind_one_proxy_the_address_it_saw_is_the_client(db, rates):
    rates(api="2/min", num_proxies=1)
    client = Client()

    def status(chain: str) -> int:
        return client.get("/api/v1/zones/", **forwarded_for(chain)).status_code

    # The proxy appends the address it saw; what the client wrote before it is not trusted.
    assert [status("1.1.1.1, 198.51.100.7"), status("2.2.2.2, 198.51.100.7")] == [200, 200]
    assert status("3.3.3.3, 198.51.100.7") == 429
    assert status("198.51.100.8") == 200


def test_pages_are_throttled_for_anonymous_clients_whatever_the_header(seeded_db, rates):
    rates(pages="2/min")
    client = Client()
    statuses = [
        client.get("/indicators/", **forwarded_for(f"203.0.113.{n}")).status_code for n in range(3)
    ]
    assert statuses == [200, 200, 429]
    response = client.get("/zones/")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert "too many requests" in response.content.decode()


def test_the_page_quota_leaves_the_api_and_static_files_alone(seeded_db, rates):
    rates(pages="1/min", api="1000/min")
    client = Client()
    assert client.get("/sources/").status_code == 200
    assert client.get("/sources/").status_code == 429
    assert client.get("/api/v1/sources/").status_code == 200
    assert client.get("/static/css/site.css").status_code == 200


def test_signed_in_users_are_not_held_to_the_anonymous_page_quota(seeded_db, rates):
    from django.contrib.auth.models import User

    rates(pages="1/min")
    client = Client()
    client.force_login(User.objects.create_user("planner"))
    assert [client.get("/indicators/").status_code for _ in range(3)] == [200, 200, 200]
