"""create_roles: the four groups, idempotent; what an editor and a viewer may do."""

import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from indicators.models import Observation
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def create_roles() -> str:
    out = io.StringIO()
    call_command("create_roles", stdout=out)
    return out.getvalue()


def permission_sets() -> dict[str, set[str]]:
    return {
        group.name: {p.codename for p in group.permissions.all()}
        for group in Group.objects.prefetch_related("permissions")
    }


def member_of(role: str, username: str):
    create_roles()
    user = UserFactory(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


def test_create_roles_makes_four_groups_and_a_second_run_changes_nothing():
    first_output = create_roles()
    first = permission_sets()
    assert set(first) == {"viewer", "analyst", "editor", "administrator"}
    assert "created" in first_output
    second_output = create_roles()
    assert permission_sets() == first
    assert "created" not in second_output
    assert Group.objects.count() == 4


def test_create_roles_restores_a_permission_removed_by_hand():
    create_roles()
    editor = Group.objects.get(name="editor")
    editor.permissions.remove(editor.permissions.get(codename="change_observation"))
    create_roles()
    assert "change_observation" in permission_sets()["editor"]


def test_role_permissions_follow_the_rules():
    create_roles()
    roles = permission_sets()
    assert roles["viewer"] == roles["analyst"]
    assert all(codename.startswith("view_") for codename in roles["viewer"])
    assert {"change_observation", "add_observation", "delete_observation"} <= roles["editor"]
    assert "delete_zone" not in roles["editor"]
    assert not {c for c in roles["editor"] if c.endswith("_user") or c.endswith("_group")}
    assert {"add_user", "change_user", "delete_zone"} <= roles["administrator"]


def test_editor_can_change_an_observation_in_the_admin(client, world):
    client.force_login(member_of("editor", "editor"))
    obs = Observation.objects.get(zone=world["nanshan"], indicator=world["gdp"], year=2023)
    url = reverse("admin:indicators_observation_change", args=[obs.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "zone": obs.zone_id,
            "indicator": obs.indicator_id,
            "year": obs.year,
            "period": obs.period,
            "value": "8450.5",
            "qualifier": obs.qualifier,
            "as_reported": "8450.50亿元",
            "status": obs.status,
            "source": obs.source_id,
        },
    )
    assert response.status_code == 302
    obs.refresh_from_db()
    assert obs.value == Decimal("8450.5")
    assert obs.history.first().history_user.username == "editor"
    assert client.get("/admin/indicators/observation/import/").status_code == 200


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/admin/auth/user/"),
        ("get", "/admin/auth/user/add/"),
        ("post", "/admin/auth/user/add/"),
        ("get", "/admin/auth/group/"),
    ],
)
def test_editor_cannot_manage_users(client, db, method, url):
    client.force_login(member_of("editor", "editor"))
    response = getattr(client, method)(url, {"username": "intruder"})
    assert response.status_code == 403
    assert not get_user_model().objects.filter(username="intruder").exists()


def test_editor_cannot_delete_a_zone(client, world):
    client.force_login(member_of("editor", "editor"))
    url = reverse("admin:zones_zone_delete", args=[world["nanshan"].pk])
    assert client.post(url, {"post": "yes"}).status_code == 403


def test_viewer_sees_but_cannot_change_an_observation(client, world):
    client.force_login(member_of("viewer", "viewer"))
    obs = Observation.objects.first()
    url = reverse("admin:indicators_observation_change", args=[obs.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"value": "1"}).status_code == 403
    assert client.get("/admin/indicators/observation/import/").status_code == 403


def test_administrator_manages_users(client, db):
    client.force_login(member_of("administrator", "boss"))
    assert client.get("/admin/auth/user/").status_code == 200
