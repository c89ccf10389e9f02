"""The admin and the importer on the real data derived from the documents."""

import pytest
from django.db.models import Count
from django.urls import reverse

from common.tabular import write_csv, write_xlsx
from indicators.importers.exporters import observation_export_rows
from indicators.models import Observation
from indicators.services import observation_import
from tests.factories import UserFactory
from zones.models import Zone


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_every_seeded_observation_exports_and_imports_back_unchanged(seeded_db, fmt):
    headers, rows = observation_export_rows(queryset=Observation.objects.all())
    writer = write_csv if fmt == "csv" else write_xlsx
    kwargs = {} if fmt == "csv" else {"title": "observations"}
    content = writer(headers=headers, rows=rows, **kwargs)
    report = observation_import(file=content, filename=f"all.{fmt}", dry_run=True)
    assert report.rejected == []
    assert len(report.unchanged) == Observation.objects.count() > 0


def test_the_zone_with_most_figures_opens_in_the_admin_in_a_fixed_number_of_queries(
    seeded_db, client, django_assert_max_num_queries
):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    zone = Zone.objects.annotate(n=Count("observations")).order_by("-n").first()
    assert zone.n > 5
    with django_assert_max_num_queries(25):
        response = client.get(reverse("admin:zones_zone_change", args=[zone.pk]))
    assert response.status_code == 200
    assert response.content.decode().count('class="form-row') >= zone.n
