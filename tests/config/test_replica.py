"""A read replica serves the read-only pages and API; writes, the admin and logins stay on the
primary. A second database on the same PostgreSQL server stands in for the replica, holding
rows the primary does not, so the test can tell where each read went."""

import pytest
from django.conf import settings

from tests.factories import UserFactory, ZoneFactory
from zones.models import Zone

pytestmark = [
    pytest.mark.skipif(
        "replica" not in settings.DATABASES,
        reason="needs PostgreSQL: a second database on the server stands in for a replica",
    ),
    pytest.mark.django_db(databases=["default", "replica"]),
]

ROUTED = ["config.db_router.ReplicaRouter"]


@pytest.fixture(autouse=True)
def replica_configured(settings):
    # What config/settings.py does when DATABASE_REPLICA_URL is set.
    settings.DATABASE_ROUTERS = ROUTED
    settings.MIDDLEWARE = ["config.db_router.ReplicaReadsMiddleware", *settings.MIDDLEWARE]


@pytest.fixture
def only_on_replica():
    """A zone the replica has and the primary does not (as if the primary had lost it)."""
    return Zone.objects.using("replica").create(
        slug="replica-only", name_zh="副本区", name_en="Replica zone", kind="district"
    )


def test_api_and_pages_read_from_the_replica(client, only_on_replica):
    assert not Zone.objects.using("default").filter(slug="replica-only").exists()
    assert client.get("/api/v1/zones/replica-only/").status_code == 200
    page = client.get("/zones/")
    assert page.status_code == 200
    assert "副本区" in page.content.decode()


def test_writes_go_to_the_primary_and_the_admin_reads_it(client, only_on_replica):
    steward = UserFactory(username="steward", is_staff=True, is_superuser=True)
    client.force_login(steward)  # the session is on the primary: logins must not lag
    primary_zone = ZoneFactory(slug="primary-only")

    # The admin reads the primary: the replica's zone is unknown there, the primary's is not.
    assert client.get(f"/admin/zones/zone/{only_on_replica.pk}/change/").status_code == 302
    assert client.get(f"/admin/zones/zone/{primary_zone.pk}/change/").status_code == 200

    response = client.post(
        "/api/v1/zones/",
        {
            "slug": "written",
            "name_zh": "新区",
            "name_en": "New zone",
            "kind": "district",
            "region": "east",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert Zone.objects.using("default").filter(slug="written").exists()
    assert not Zone.objects.using("replica").filter(slug="written").exists()


def test_readyz_checks_the_replica_too(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"]["database:replica"] == "ok"
