"""API tokens: shown once when created in the admin, hidden after; refused once expired."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import SourceFactory, UserFactory


@pytest.fixture
def editor(db):
    user = UserFactory(username="editor")
    user.user_permissions.add(Permission.objects.get(codename="delete_source"))
    return user


def api_with(token: Token) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def delete_a_source(client: APIClient):
    return client.delete(f"/api/v1/sources/{SourceFactory().key}/")


def test_a_fresh_token_writes(editor):
    assert delete_a_source(api_with(Token.objects.create(user=editor))).status_code == 204


def test_an_expired_token_is_refused_with_a_401_saying_so(editor, settings):
    token = Token.objects.create(user=editor)
    Token.objects.filter(pk=token.pk).update(
        created=timezone.now() - timedelta(days=settings.API_TOKEN_MAX_AGE_DAYS, seconds=1)
    )
    response = delete_a_source(api_with(token))
    assert response.status_code == 401
    assert "expired" in response.json()["detail"]
    # Anonymous reading still works with no token at all.
    assert APIClient().get("/api/v1/sources/").status_code == 200


def test_an_expiry_of_zero_days_means_tokens_never_expire(editor, settings):
    settings.API_TOKEN_MAX_AGE_DAYS = 0
    token = Token.objects.create(user=editor)
    Token.objects.filter(pk=token.pk).update(created=timezone.now() - timedelta(days=3650))
    assert delete_a_source(api_with(token)).status_code == 204


@pytest.mark.parametrize("key", ["a\x00" * 20, "x" * 41, "é" * 40, ""])
def test_a_malformed_token_is_a_401_not_a_500(db, key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}".strip() + " ")
    response = client.get("/api/v1/zones/")
    assert response.status_code == 401
    assert "detail" in response.json()


@pytest.fixture
def admin(db):
    client = Client()
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


def test_the_admin_shows_a_new_key_once_then_only_its_first_characters(admin, editor):
    response = admin.post("/admin/accounts/apitoken/add/", {"user": editor.pk})
    token = Token.objects.get(user=editor)
    assert response.status_code == 200
    assert token.key in response.content.decode()
    assert "no-store" in response["Cache-Control"]  # never kept by a browser or proxy

    listing = admin.get("/admin/accounts/apitoken/").content.decode()
    change = admin.get(f"/admin/accounts/apitoken/{editor.pk}/change/").content.decode()
    for page in (listing, change):
        assert token.key not in page
        assert f"{token.key[:4]}…" in page


def test_the_admin_lists_when_each_token_expires(admin, editor, settings):
    settings.API_TOKEN_MAX_AGE_DAYS = 30
    Token.objects.create(user=editor)
    SourceFactory()  # the admin's other pages are unaffected
    listing = admin.get("/admin/accounts/apitoken/").content.decode()
    assert "到期 / Expires" in listing
    assert "不过期 / never" not in listing
    settings.API_TOKEN_MAX_AGE_DAYS = 0
    assert "不过期 / never" in admin.get("/admin/accounts/apitoken/").content.decode()


def test_the_administrator_role_manages_tokens_and_the_editor_role_does_not(db):
    from django.core.management import call_command

    call_command("create_roles", verbosity=0)
    administrator = UserFactory(username="administrator", is_staff=True)
    administrator.groups.add(Group.objects.get(name="administrator"))
    editor = UserFactory(username="editor-role", is_staff=True)
    editor.groups.add(Group.objects.get(name="editor"))
    for user, status in ((administrator, 200), (editor, 403)):
        client = Client()
        client.force_login(user)
        assert client.get("/admin/accounts/apitoken/add/").status_code == status
