"""Two server processes sharing PostgreSQL, Redis and the upload storage agree at once.

Two gunicorn processes on two ports stand for two workers or two app servers: neither sees
the other's memory, so whatever they agree on lives in the shared services.
"""

import json
import re
import uuid

from django.test import Client
from rest_framework.authtoken.models import Token

from indicators.models import Observation
from tests.data.world import DATA, make_world
from tests.factories import UserFactory

OBSERVATION_COUNT = re.compile(r"<strong>(\d+)</strong>\s*个数值")
IMPORT_URL = "/admin/indicators/observation/import/"


def overview_observation_count(server) -> int:
    response = server.get("/", headers={"Accept-Language": "zh-hans"})
    assert response.status == 200, server.output()
    return int(OBSERVATION_COUNT.search(response.text).group(1))


def api_observation_count(server, zone: str) -> int:
    response = server.get(f"/api/v1/observations/?zone={zone}")
    assert response.status == 200, server.output()
    return response.json()["count"]


def test_a_figure_added_through_one_server_is_counted_at_once_by_the_other(shared_servers):
    world = make_world()
    steward = UserFactory(username="steward", is_staff=True, is_superuser=True)
    token = Token.objects.create(user=steward)
    first, second = shared_servers("first"), shared_servers("second")
    zone = world["binjiang"].slug
    # The second server computes the overview's counts and the API's answer and keeps them
    # (the page and the answer whole).
    assert overview_observation_count(second) == 1
    assert overview_observation_count(second) == 1
    listed = api_observation_count(second, zone)
    assert api_observation_count(second, zone) == listed

    body = {
        "zone": world["binjiang"].slug,
        "indicator": "gdp",
        "year": 2023,
        "period": "FY",
        "value": 2500,
        "as_reported": "2500亿元",
        "source": world["source"].key,
    }
    created = first.request(
        "POST",
        "/api/v1/observations/",
        body=json.dumps(body).encode(),
        headers={"Authorization": f"Token {token.key}", "Content-Type": "application/json"},
    )
    assert created.status == 201, created.text

    assert overview_observation_count(second) == 2
    assert overview_observation_count(first) == 2
    assert api_observation_count(second, zone) == listed + 1


def multipart(fields: dict[str, str], *, file_field: str, filename: str, content: bytes):
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; '
        f'filename="{filename}"\r\nContent-Type: text/csv\r\n\r\n'.encode()
        + content
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def hidden_input(page: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]+)"', page).group(1)


def test_an_upload_received_by_one_server_is_confirmed_through_the_other(shared_servers):
    make_world()
    steward = UserFactory(username="steward", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(steward)
    session = client.cookies["sessionid"].value
    first, second = shared_servers("first"), shared_servers("second")
    before = Observation.objects.count()

    first.cookies["sessionid"] = session
    form = first.get(IMPORT_URL)
    assert form.status == 200, first.output()
    body, content_type = multipart(
        {"csrfmiddlewaretoken": hidden_input(form.text, "csrfmiddlewaretoken")},
        file_field="file",
        filename="observations_good.csv",
        content=(DATA / "observations_good.csv").read_bytes(),
    )
    dry_run = first.request("POST", IMPORT_URL, body=body, headers={"Content-Type": content_type})
    assert dry_run.status == 200, first.output()
    upload_token = hidden_input(dry_run.text, "token")
    assert Observation.objects.count() == before  # a dry run writes nothing

    second.cookies.update(first.cookies)
    confirm = second.request(
        "POST",
        IMPORT_URL,
        body=(
            f"csrfmiddlewaretoken={hidden_input(dry_run.text, 'csrfmiddlewaretoken')}"
            f"&token={upload_token}"
        ).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert confirm.status == 302, second.output()
    assert confirm.headers["location"] == "/admin/indicators/observation/"
    assert Observation.objects.count() == before + 4  # four new figures, one updated
