"""``--user`` of the import commands (``indicators.management.options``): the history names the
user, an unknown user stops the command before anything is read or written."""

import io

import pytest
from django.core.management import CommandError, call_command

from indicators.models import Observation
from tests.data.world import DATA, make_world, observation_dump
from tests.factories import UserFactory


@pytest.fixture
def world(db):
    return make_world()


@pytest.mark.parametrize("command", ["import_observations", "load_bulletins"])
def test_an_unknown_user_stops_the_command_and_writes_nothing(world, command):
    before = observation_dump()
    with pytest.raises(CommandError, match="Unknown user “nobody”"):
        call_command(
            command,
            str(DATA / "observations_good.csv"),
            "--user",
            "nobody",
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
    assert observation_dump() == before


def test_the_import_commands_history_names_the_user(world):
    steward = UserFactory(username="steward")
    call_command(
        "import_observations",
        str(DATA / "observations_good.csv"),
        "--user",
        "steward",
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    updated = Observation.objects.get(zone=world["nanshan"], indicator=world["gdp"], year=2023)
    assert updated.history.first().history_user == steward
