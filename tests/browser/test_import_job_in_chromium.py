"""A big admin import in real Chromium: a steward uploads a file above the background
threshold, confirms it, and watches its job's page, which refreshes itself while a real
worker (``manage.py db_worker``) imports the file, and ends on the summary."""

import csv

import pytest
from django.core.management import call_command

from indicators.models import Observation
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser


def test_a_big_import_runs_in_the_background_and_its_page_ends_on_the_summary(
    page, editor, settings, tmp_path
):
    settings.IMPORT_BACKGROUND_ROWS = 3
    # Figures already stored, written again with a new value: every row is an update.
    figures = list(
        Observation.objects.filter(period="FY", value_type="amount", status="reported")
        .select_related("zone", "indicator", "source")
        .order_by("id")[:8]
    )
    assert len(figures) == 8
    before = {figure.pk: figure.value for figure in figures}
    path = tmp_path / "figures.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["zone", "indicator", "year", "value", "source"])
        for figure in figures:
            writer.writerow(
                [
                    figure.zone.slug,
                    figure.indicator.code,
                    figure.year,
                    str(figure.value + 1),
                    figure.source.key,
                ]
            )

    log_in(page, "editor")
    page.goto(page.base + "/admin/indicators/observation/import/")
    page.set_input_files("input[name=file]", str(path))
    page.locator("input[value='试运行 / Dry run']").click()
    page.locator("input[value='确认导入 / Confirm import']").click()
    page.wait_for_url("**/import/jobs/**")
    job_url = page.url
    assert page.locator("#job-state").get_attribute("data-status") == "READY"
    assert "Waiting for a worker" in page.locator("#job-state").inner_text()

    # The worker as deployed, until the queue is empty; the page stays open meanwhile.
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    # The page's own script fetches the state again and puts it in place: no reload.
    page.wait_for_selector("#import-summary", timeout=20000)
    assert page.url == job_url
    assert page.locator("#job-state").get_attribute("data-status") == "SUCCESSFUL"
    assert "已完成 / Finished" in page.locator("#job-state").inner_text()
    assert "更新 updated 8" in page.locator("#import-summary").inner_text()
    assert page.locator("#job-panel").get_attribute("data-finished") == "true"
    for figure in figures:
        figure.refresh_from_db()
    assert {figure.pk: figure.value - 1 for figure in figures} == before
    assert {figure.history.first().history_user for figure in figures} == {editor}
