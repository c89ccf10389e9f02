"""The observations API with several sources for one figure: the preferred one by default,
every source's with ``?sources=all`` (each saying whether it is preferred), in JSON and CSV."""

from decimal import Decimal

import pytest

from indicators.bulletin_services import bulletin_load
from indicators.management.commands.load_bulletins import DEFAULT_FILE
from tests.api.helpers import read_csv

URL = "/api/v1/observations/"
PUDONG = "zone=shanghai-pudong&indicator=sei_industrial_output_share&year=2024"


@pytest.fixture
def bulletins(seeded_db):
    assert bulletin_load(file=DEFAULT_FILE, dry_run=False).written


def figures(response):
    assert response.status_code == 200, response.content
    return {
        (row["value"], row["reliability"], row["preferred"]) for row in response.json()["results"]
    }


def test_the_preferred_figure_by_default(client, bulletins):
    assert figures(client.get(f"{URL}?{PUDONG}")) == {(53.6, "official", True)}
    assert figures(client.get(f"{URL}?{PUDONG}&sources=preferred")) == {(53.6, "official", True)}


def test_every_sources_figure_with_sources_all(client, bulletins):
    assert figures(client.get(f"{URL}?{PUDONG}&sources=all")) == {
        (53.6, "official", True),
        (56.0, "research", False),
    }


def test_the_csv_with_sources_all_holds_both_figures_and_which_is_preferred(client, bulletins):
    frame = read_csv(client.get(f"{URL}?{PUDONG}&sources=all&format=csv"))
    rows = {
        (Decimal(str(row.value)), row.source_key, str(row.preferred)) for row in frame.itertuples()
    }
    official = next(source for _, source, preferred in rows if preferred == "True")
    assert official.startswith("bulletin-")
    assert rows == {
        (Decimal("53.6"), official, "True"),
        (Decimal("56"), "doc-002-ccid-urban-new-centres", "False"),
    }


def test_the_default_list_counts_each_figure_once(client, bulletins):
    everything = client.get(f"{URL}?sources=all&page_size=1").json()["count"]
    preferred = client.get(f"{URL}?page_size=1").json()["count"]
    assert everything == preferred + 1  # Pudong's research figure


def test_an_unknown_sources_value_is_a_400_naming_sources(client, bulletins):
    response = client.get(f"{URL}?sources=some")
    assert response.status_code == 400
    assert "sources" in response.json()["errors"]
