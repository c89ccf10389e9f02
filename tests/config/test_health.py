"""/healthz says the process serves; /readyz says the database and the cache answer."""

import pytest


@pytest.mark.django_db
def test_healthz_answers_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db(databases="__all__")
def test_readyz_reports_the_database_and_the_cache_ready(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database:default"] == "ok"
    assert body["checks"]["cache"] == "ok"


@pytest.mark.django_db(databases="__all__")
def test_readyz_is_503_naming_the_cache_when_redis_does_not_answer(client, settings):
    # A real Redis client against a port where nothing listens.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert response.json()["checks"]["cache"] == "failed"
    assert response.json()["checks"]["database:default"] == "ok"


@pytest.mark.django_db(databases="__all__")
def test_probes_are_not_redirected_to_https_while_pages_are(client, settings):
    # The production settings' exemptions, with the redirect the tests otherwise turn off.
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200
    assert client.get("/indicators/").status_code == 301
