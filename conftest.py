import pytest

from koers_dev.testing.factories import SwvFactory, UserFactory, member


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


@pytest.fixture(autouse=True)
def _roles_in_a_committing_test(request):
    """A test that commits (``django_db(transaction=True)``) starts from a database that an earlier committing
    test has emptied, roles included (a data migration makes them). Such a test gets them back here, rather than
    through ``serialized_rollback``, whose reload clashes with the content types Django itself recreates."""
    marker = request.node.get_closest_marker("django_db")
    if not marker or not marker.kwargs.get("transaction"):
        return
    request.getfixturevalue("transactional_db")
    from koers.accounts.models import Role
    from koers.accounts.roles import ROLE_DEFINITIONS

    for code, name, description in ROLE_DEFINITIONS:
        Role.objects.update_or_create(code=code, defaults={"name": str(name), "description": str(description)})
