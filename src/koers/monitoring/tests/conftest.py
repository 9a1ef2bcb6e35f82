import pytest

from koers_dev.testing.factories import SchoolbestuurFactory, SchoolFactory


@pytest.fixture
def schools(swv):
    a = SchoolbestuurFactory(swv=swv, name="Bestuur A")
    b = SchoolbestuurFactory(swv=swv, name="Bestuur B")
    return {
        "11AA00": SchoolFactory(swv=swv, brin6="11AA00", name="School Een", bestuur=a),
        "22BB00": SchoolFactory(swv=swv, brin6="22BB00", name="School Twee", bestuur=a),
        "33CC00": SchoolFactory(swv=swv, brin6="33CC00", name="School Drie", bestuur=b),
    }


@pytest.fixture
def post_committed(django_capture_on_commit_callbacks):
    """POST with a test client and run what the view left for after its commit (the import task): the test's
    own transaction never commits, so without this the run would stay waiting for a worker."""

    def post(client, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(*args, **kwargs)

    return post
