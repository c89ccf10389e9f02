import pytest
from django.core.cache import cache
from django.core.management import call_command

from tests.index_world import three_zones_figures
from tests.normalise_world import per_world  # noqa: F401 (the per= tests' fixture)

FIXTURES = [
    "sources",
    "indicators",
    "zones",
    "cohorts",
    "observations",
    "bulletin_zones",
    "bulletin_aliases",
    "hitech_zones",
    "hitech_aliases",
    "schemes",
]


@pytest.fixture
def seeded_db(db):
    """The database with every fixture derived from the source documents loaded."""
    call_command("loaddata", *FIXTURES, verbosity=0)


@pytest.fixture
def three_zones(db):
    """Zones a, b, c with x = 10, 20, 40 and y = 5, 1, 3 (the composite-index tests)."""
    three_zones_figures()


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test starts with an empty cache: the local-memory cache outlives a test's data
    (the pages' answers are kept per data generation, and a test's writes, rolled back, never
    committed, bump no generation), and the anonymous throttle counts in it."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads waiting for confirmation (Django's default storage) go to a per-test folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
