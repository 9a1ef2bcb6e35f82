import pytest

from koers.testing.factories import SwvFactory, UserFactory, member


@pytest.fixture
def swv(db):
    return SwvFactory(code="PO2801", name="Samenwerkingsverband Test", short_name="SWV Test")


@pytest.fixture
def other_swv(db):
    return SwvFactory(code="PO9901", name="Ander samenwerkingsverband", short_name="Ander")


@pytest.fixture
def bureau_user(swv):
    user = UserFactory(username="bureau")
    member(user, swv, "bureau")
    return user


@pytest.fixture
def bureau_client(client, bureau_user):
    client.force_login(bureau_user)
    return client


@pytest.fixture(autouse=True)
def _staging_dir(tmp_path_factory, settings):
    """Uploads that wait for a confirmation go to a folder of this test (never into var/ of the checkout)."""
    settings.KOERS_STAGING_DIR = str(tmp_path_factory.mktemp("staging"))
