"""The stewards' admin: access, list pages, editing with validation, history and revert,
import with a dry run and export."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from indicators.models import Observation
from indicators.services import observation_import
from tests.data.world import DATA, observation_dump
from tests.factories import CohortFactory, CohortStatisticFactory, ObservationFactory

pytestmark = pytest.mark.django_db

CHANGELISTS = [
    "admin:zones_zone_changelist",
    "admin:zones_cohort_changelist",
    "admin:zones_zonealias_changelist",
    "admin:indicators_source_changelist",
    "admin:indicators_indicator_changelist",
    "admin:indicators_observation_changelist",
    "admin:indicators_cohortstatistic_changelist",
]


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/indicators/observation/",
        "/admin/indicators/observation/import/",
        "/admin/zones/zone/",
    ],
)
def test_anonymous_user_is_sent_to_the_login_page(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize("name", CHANGELISTS)
def test_list_pages_run_a_constant_number_of_queries(
    admin_client, world, name, django_assert_max_num_queries
):
    ObservationFactory.create_batch(30, zone=world["binjiang"], source=world["source"])
    CohortStatisticFactory.create_batch(5, cohort=CohortFactory(source=world["source"]))
    with django_assert_max_num_queries(15):
        response = admin_client.get(reverse(name))
    assert response.status_code == 200


def test_zone_list_filters_by_kind_region_model_and_cohort_and_searches_chinese_names(
    admin_client, world
):
    cohort = CohortFactory(source=world["source"])
    cohort.members.add(world["nanshan"])
    url = reverse("admin:zones_zone_changelist")
    response = admin_client.get(url, {"cohorts__id__exact": cohort.pk})
    assert list(response.context["cl"].result_list) == [world["nanshan"]]
    response = admin_client.get(url, {"q": "滨江"})
    assert list(response.context["cl"].result_list) == [world["binjiang"]]
    response = admin_client.get(url, {"q": "深圳南山区"})  # an alias
    assert list(response.context["cl"].result_list) == [world["nanshan"]]
    filters = {spec.title for spec in response.context["cl"].filter_specs}
    assert len(filters) == 4


def test_zone_page_shows_its_observations_inline(admin_client, world):
    response = admin_client.get(reverse("admin:zones_zone_change", args=[world["nanshan"].pk]))
    assert response.status_code == 200
    assert "observations-TOTAL_FORMS" in response.content.decode()
    assert "8400" in response.content.decode()


def test_source_page_lists_the_observations_it_backs(admin_client, world):
    response = admin_client.get(
        reverse("admin:indicators_source_change", args=[world["source"].pk])
    )
    assert response.status_code == 200
    assert "南山区" in response.content.decode()


def observation_form(obs, **changes):
    data = {
        "zone": obs.zone_id,
        "indicator": obs.indicator_id,
        "year": obs.year,
        "period": obs.period,
        "value": obs.value,
        "qualifier": obs.qualifier,
        "as_reported": obs.as_reported,
        "status": obs.status,
        "source": obs.source_id,
        "locator": obs.locator,
        "note": obs.note,
    }
    data.update(changes)
    return data


def gdp_2023(world):
    return Observation.objects.get(zone=world["nanshan"], indicator=world["gdp"], year=2023)


def test_an_edit_is_recorded_with_its_author_and_can_be_reverted(admin_client, superuser, world):
    obs = gdp_2023(world)
    url = reverse("admin:indicators_observation_change", args=[obs.pk])
    response = admin_client.post(url, observation_form(obs, value="8600", as_reported="8600亿元"))
    assert response.status_code == 302
    obs.refresh_from_db()
    assert obs.value == Decimal("8600")

    history = list(obs.history.order_by("history_date"))
    assert [h.value for h in history] == [Decimal("8400"), Decimal("8600")]
    assert history[-1].history_user == superuser
    page = admin_client.get(reverse("admin:indicators_observation_history", args=[obs.pk]))
    assert page.status_code == 200
    assert len(page.context["page_obj"].object_list) == 2
    assert "admin" in page.content.decode()

    original = history[0]
    revert_url = reverse(
        "admin:indicators_observation_simple_history", args=[obs.pk, original.history_id]
    )
    assert admin_client.get(revert_url).status_code == 200
    response = admin_client.post(revert_url, observation_form(original.instance))
    assert response.status_code == 302
    obs.refresh_from_db()
    assert obs.value == Decimal("8400")
    assert obs.history.count() == 3


def test_an_edit_breaking_a_rule_shows_the_bilingual_reason_and_changes_nothing(
    admin_client, world
):
    obs = ObservationFactory(zone=world["binjiang"], indicator=world["share"], value=Decimal("60"))
    before = observation_dump()
    url = reverse("admin:indicators_observation_change", args=[obs.pk])
    response = admin_client.post(url, observation_form(obs, value="130"))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "合理上限" in errors["value"][0]
    assert "plausible maximum" in errors["value"][0]
    assert observation_dump() == before


IMPORT_URL = "/admin/indicators/observation/import/"


def upload(client, name, **extra):
    with (DATA / name).open("rb") as handle:
        return client.post(IMPORT_URL, {"file": handle, **extra})


def test_import_page_explains_the_file_format(admin_client):
    response = admin_client.get(IMPORT_URL)
    assert response.status_code == 200
    assert "as_reported" in response.content.decode()


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("bad_share_130.csv", "plausible maximum"),
        ("bad_unknown_zone.csv", "atlantis"),
        ("bad_gbk_encoding.csv", "not UTF-8"),
    ],
)
def test_import_of_a_bad_file_lists_what_is_wrong_and_offers_no_confirmation(
    admin_client, world, name, shown
):
    before = observation_dump()
    response = upload(admin_client, name)
    assert response.status_code == 200
    page = response.content.decode()
    assert shown in page
    assert 'class="import-error"' in page
    assert 'name="token"' not in page
    assert observation_dump() == before


def test_import_dry_run_previews_then_confirm_writes(admin_client, superuser, world):
    before = observation_dump()
    response = upload(admin_client, "observations_good.xlsx")
    assert response.status_code == 200
    report = response.context["report"]
    assert (len(report.created), len(report.updated), len(report.rejected)) == (4, 1, 0)
    assert observation_dump() == before  # the dry run wrote nothing

    token = response.context["token"]
    response = admin_client.post(IMPORT_URL, {"token": token})
    assert response.status_code == 302
    assert Observation.objects.count() == 5
    assert gdp_2023(world).history.first().history_user == superuser

    # The token is spent: confirming again does not import again.
    response = admin_client.post(IMPORT_URL, {"token": token})
    assert response.status_code == 302
    assert response["Location"] == IMPORT_URL


def test_import_rejects_a_file_that_is_not_csv_or_xlsx_with_a_form_error(admin_client, world):
    pdf = SimpleUploadedFile("bulletin.pdf", b"%PDF-1.4", content_type="application/pdf")
    response = admin_client.post(IMPORT_URL, {"file": pdf})
    assert response.status_code == 200
    assert "Upload a CSV or XLSX file" in response.context["form"].errors["file"][0]


def test_exported_observations_import_back_unchanged(admin_client, world):
    observation_import(file=DATA / "observations_good.csv", dry_run=False)
    ids = list(Observation.objects.values_list("pk", flat=True))
    for action, reader in (("export_csv", "csv"), ("export_xlsx", "xlsx")):
        response = admin_client.post(
            reverse("admin:indicators_observation_changelist"),
            {"action": action, "_selected_action": ids},
        )
        assert response.status_code == 200
        assert f'filename="observations.{reader}"' in response["Content-Disposition"]
        report = observation_import(
            file=response.getvalue(), filename=f"export.{reader}", dry_run=False
        )
        assert report.ok, report.rejected
        assert len(report.unchanged) == 5


def test_zone_export_as_xlsx_has_one_row_per_zone_with_aliases(admin_client, world):
    response = admin_client.post(
        reverse("admin:zones_zone_changelist"),
        {
            "action": "export_xlsx",
            "_selected_action": [world["nanshan"].pk, world["binjiang"].pk],
        },
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("slug", "name_zh", "name_en")
    assert [(r[0], r[-1]) for r in rows[1:]] == [
        ("hangzhou-binjiang", None),
        ("shenzhen-nanshan", "深圳南山区"),
    ]


def test_changelists_offer_the_import_page(admin_client, world):
    for model in ("indicators/observation", "zones/zone"):
        page = admin_client.get(f"/admin/{model}/").content.decode()
        assert f'href="/admin/{model}/import/"' in page


def test_zone_import_in_the_admin_previews_then_writes(admin_client, world):
    from zones.models import Zone

    csv_file = SimpleUploadedFile(
        "zones.csv",
        "slug,name_zh,name_en,kind,region,aliases\n"
        "suzhou-sip,苏州工业园区,Suzhou Industrial Park,etdz,east,苏州园区\n"
        "shenzhen-nanshan,南山区,Nanshan District,district,east,\n".encode(),
    )
    response = admin_client.post("/admin/zones/zone/import/", {"file": csv_file})
    assert response.status_code == 200
    report = response.context["report"]
    assert [c.slug for c in report.created] == ["suzhou-sip"]
    assert not Zone.objects.filter(slug="suzhou-sip").exists()
    assert "default_source" not in response.context["form"].fields
    response = admin_client.post("/admin/zones/zone/import/", {"token": response.context["token"]})
    assert response.status_code == 302
    assert Zone.objects.get(slug="suzhou-sip").aliases.get().alias == "苏州园区"
