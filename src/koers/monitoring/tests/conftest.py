import pytest

from koers.testing.factories import SchoolbestuurFactory, SchoolFactory


@pytest.fixture
def schools(swv):
    a = SchoolbestuurFactory(swv=swv, name="Bestuur A")
    b = SchoolbestuurFactory(swv=swv, name="Bestuur B")
    return {
        "11AA00": SchoolFactory(swv=swv, brin6="11AA00", name="School Een", bestuur=a),
        "22BB00": SchoolFactory(swv=swv, brin6="22BB00", name="School Twee", bestuur=a),
        "33CC00": SchoolFactory(swv=swv, brin6="33CC00", name="School Drie", bestuur=b),
    }
