from datetime import date

import pytest

from koers.monitoring.models import Arrangement, Terugplaatsing, Tlv, VerzuimMelding
from koers.monitoring.pseudonym import pseudonymise
from koers_dev.testing.factories import UserFactory, member

BSN = "123456782"
OTHER_BSN = "111222333"
TODAY = date(2025, 3, 1)  # with 7 years: dossiers closed on or before 31-07-2017 have passed their term


def fill(swv, bsn=BSN, other=OTHER_BSN):
    """Rows for two pupils; returns {name: row}. 'old_*' rows closed before the cutoff of TODAY."""
    p, q = pseudonymise(bsn), pseudonymise(other)
    rows = {
        "old_tlv": Tlv.unscoped.create(
            swv=swv,
            dossiernummer="T1",
            pupil=p,
            aanvraagsoort="TLV SO",
            brin6="11AA00",
            ontvangstdatum=date(2015, 9, 1),
            datum_compleet=date(2015, 9, 20),
            besluitdatum=date(2015, 10, 15),
            besluit="afgegeven",
            ingangsdatum=date(2015, 11, 1),
            einddatum=date(2017, 7, 31),
        ),
        "old_rejected": Tlv.unscoped.create(
            swv=swv,
            dossiernummer="T2",
            pupil=q,
            aanvraagsoort="TLV SBO",
            brin6="11AA00",
            ontvangstdatum=date(2016, 1, 10),
            besluitdatum=date(2016, 3, 1),
            besluit="afgewezen",
        ),
        "new_tlv": Tlv.unscoped.create(
            swv=swv,
            dossiernummer="T3",
            pupil=p,
            aanvraagsoort="verlenging",
            brin6="11AA00",
            ontvangstdatum=date(2017, 6, 1),
            besluitdatum=date(2017, 7, 1),
            besluit="afgegeven",
            einddatum=date(2019, 7, 31),
        ),
        "open_tlv": Tlv.unscoped.create(
            swv=swv,
            dossiernummer="T4",
            pupil=q,
            aanvraagsoort="TLV SO",
            brin6="11AA00",
            ontvangstdatum=date(2010, 1, 1),
        ),
        "old_arr": Arrangement.unscoped.create(
            swv=swv, number="A1", kind="ambulant", brin6="11AA00", pupil=p, start=date(2015, 1, 1), end=date(2017, 1, 1)
        ),
        "running_arr": Arrangement.unscoped.create(
            swv=swv, number="A2", kind="ambulant", brin6="11AA00", pupil=q, start=date(2014, 1, 1)
        ),
        "old_verzuim": VerzuimMelding.unscoped.create(
            swv=swv,
            meldingnummer="V1",
            pupil=p,
            soort="absoluut",
            since=date(2016, 2, 1),
            end=date(2016, 9, 1),
            thuiszitter=True,
            brin6="11AA00",
        ),
        "old_terug": Terugplaatsing.unscoped.create(
            swv=swv,
            number="R1",
            pupil=q,
            from_type="SBO",
            from_brin6="44DD00",
            to_brin6="11AA00",
            date=date(2017, 7, 31),
        ),
        "new_terug": Terugplaatsing.unscoped.create(
            swv=swv, number="R2", pupil=p, from_type="SO", from_brin6="44DD00", to_brin6="11AA00", date=date(2017, 8, 1)
        ),
    }
    return rows


@pytest.fixture
def beheerder(swv):
    user = UserFactory(username="beheerder")
    member(user, swv, "beheerder")
    return user


@pytest.fixture
def beheerder_client(client, beheerder):
    client.force_login(beheerder)
    return client
