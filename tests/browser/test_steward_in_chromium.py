"""A steward's round trip in real Chromium: an editor corrects a figure in the admin, finds the
change in its history, and sees the new value on the zone's dashboard page."""

import pytest

from indicators.models import Observation
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser


def test_an_editor_changes_a_figure_and_sees_it_in_history_and_on_the_zone_page(page, editor):
    figure = Observation.objects.get(
        zone__slug="shenzhen-longgang", indicator__code="gdp", year=2024, period="FY"
    )
    log_in(page, "editor")

    page.goto(page.base + f"/admin/indicators/observation/{figure.pk}/change/")
    page.fill("input[name=value]", "6012.34")
    page.fill("input[name=as_reported]", "6012.34亿元")
    page.locator("input[name=_save]").click()
    page.wait_for_url(page.base + "/admin/indicators/observation/**")
    assert page.locator(".errornote").count() == 0

    figure.refresh_from_db()
    assert str(figure.value) == "6012.3400"

    page.goto(page.base + f"/admin/indicators/observation/{figure.pk}/history/")
    history = page.locator("#content").inner_text()
    assert "editor" in history
    latest = figure.history.latest()
    assert latest.history_user.username == "editor"
    assert str(latest.value) == "6012.3400"

    page.goto(page.base + "/zones/shenzhen-longgang/")
    assert page.locator("body").inner_text().count("6,012.34") >= 1
    assert "5,901.27" not in page.locator("body").inner_text()


def test_an_editor_cannot_open_the_user_admin(page, editor):
    log_in(page, "editor")
    page.problems.allowed_statuses.add(403)
    response = page.goto(page.base + "/admin/auth/user/")
    assert response.status == 403
