import pytest

from tests.data.world import make_world
from tests.factories import UserFactory


@pytest.fixture
def world(db):
    return make_world()


@pytest.fixture
def superuser(db):
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client
