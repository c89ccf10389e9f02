"""Brute force on the admin login: after LOGIN_FAILURE_LIMIT wrong passwords from one address,
even the right password is refused there until the cool-off has passed."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.db.models import F
from django.test import Client

from tests.factories import UserFactory

PASSWORD = "correct horse battery staple"
ATTACKER = "203.0.113.9"


@pytest.fixture
def steward(db):
    return UserFactory(username="steward", is_staff=True, is_superuser=True)


def log_in(password: str, *, address: str = ATTACKER, **headers) -> int:
    client = Client(REMOTE_ADDR=address)
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "steward", "password": password},
        **headers,
    )
    if response.status_code == 302:
        assert client.get("/admin/").status_code == 200  # really signed in
    return response.status_code


def test_the_right_password_works_before_any_failure(steward):
    assert log_in(PASSWORD) == 302


def test_after_the_failure_limit_the_right_password_is_refused(steward, settings):
    statuses = [log_in(f"guess {n}") for n in range(settings.AXES_FAILURE_LIMIT)]
    assert statuses[:-1] == [200] * (settings.AXES_FAILURE_LIMIT - 1)  # the form again
    assert statuses[-1] == 429
    assert log_in(PASSWORD) == 429


def test_a_new_forwarded_for_header_does_not_reset_the_count(steward, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        log_in(f"guess {n}", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
    assert log_in(PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.200") == 429


def test_the_lockout_holds_the_guessing_address_only(steward, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        log_in(f"guess {n}")
    assert log_in(PASSWORD, address="192.0.2.20") == 302


def test_after_the_cool_off_the_right_password_works_again(steward, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        log_in(f"guess {n}")
    assert log_in(PASSWORD) == 429
    # Age the recorded failures past the cool-off, as the clock would.
    AccessAttempt.objects.update(
        attempt_time=F("attempt_time") - settings.AXES_COOLOFF_TIME - timedelta(seconds=1)
    )
    assert log_in(PASSWORD) == 302
    assert not AccessAttempt.objects.exists()  # a success clears the count
