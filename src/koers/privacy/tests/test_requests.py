import logging
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from koers.audit.models import AccessLog
from koers.monitoring.models import Arrangement, Terugplaatsing, Tlv, VerzuimMelding
from koers.monitoring.pseudonym import pseudonymise
from koers.privacy.models import Verwijdering
from koers_dev.testing.factories import UserFactory, member

from .conftest import BSN, OTHER_BSN, fill

MODELS = (Tlv, Arrangement, VerzuimMelding, Terugplaatsing)
P = pseudonymise(BSN)


def _count(swv, pupil=None):
    out = {}
    for m in MODELS:
        qs = m.unscoped.filter(swv=swv)
        out[m.__name__] = (qs.filter(pupil=pupil) if pupil else qs).count()
    return out


def _search(client, text):
    return client.post(reverse("privacy:overview"), {"leerling": text})


def test_inzage_by_bsn_shows_every_register_and_is_logged(beheerder_client, swv, other_swv):
    fill(swv)
    fill(other_swv)
    response = _search(beheerder_client, BSN)
    html = response.content.decode()
    assert response.status_code == 200
    for heading in ("TLV&#x27;s (2)", "Arrangementen (1)", "Verzuimmeldingen (1)", "Terugplaatsingen (1)"):
        assert heading in html, heading
    for number in ("T1", "T3", "A1", "V1", "R2"):
        assert f"<td>{number}</td>" in html
    for number in ("T2", "T4", "A2", "R1"):  # the other pupil
        assert f"<td>{number}</td>" not in html
    assert "5 regels" in html
    log = AccessLog.objects.get()
    assert log.swv == swv and log.action == "inzage" and P[:12] in log.subject
    assert "Wie gegevens van deze leerling bekeek" in html and log.subject in html
    assert BSN not in html  # not echoed back into the form


@pytest.mark.parametrize("text", [P, P.upper(), " 123 456 782 ", "123.456.782"])
def test_search_by_pseudonym_or_bsn_as_written(beheerder_client, swv, text):
    fill(swv)
    assert "5 regels" in _search(beheerder_client, text).content.decode()


def test_bsn_with_leading_zero(beheerder_client, swv):
    fill(swv, bsn="012345678")
    assert "5 regels" in _search(beheerder_client, "12345678").content.decode()


def test_unknown_pupil(beheerder_client, swv):
    fill(swv)
    html = _search(beheerder_client, "999999990").content.decode()
    assert "geen gegevens over deze leerling" in html
    assert AccessLog.objects.count() == 1  # the search itself is logged


def test_export_is_a_file_with_all_registers_and_is_logged(beheerder_client, swv):
    fill(swv)
    response = beheerder_client.post(reverse("privacy:export"), {"pseudoniemen": P})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert f"inzage-{P[:12]}.csv" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    for part in ("TLV's (2)", "Arrangementen (1)", "Verzuimmeldingen (1)", "Terugplaatsingen (1)", "T1;", "R2;"):
        assert part in text
    assert "T2;" not in text
    assert list(AccessLog.objects.values_list("action", flat=True)) == ["export"]


def test_delete_needs_confirmation_and_reason_and_removes_only_this_pupil(beheerder_client, beheerder, swv, other_swv):
    fill(swv)
    fill(other_swv)
    url = reverse("privacy:delete")
    other_pupil = pseudonymise(OTHER_BSN)
    step1 = beheerder_client.post(url, {"pseudoniemen": P})
    assert step1.status_code == 200 and "5 regels" in step1.content.decode()
    assert _count(swv, P) == {"Tlv": 2, "Arrangement": 1, "VerzuimMelding": 1, "Terugplaatsing": 1}
    refused = [
        {"pseudoniemen": P, "stap": "bevestigen", "reden": "verzoek ouders", "bevestigd": ""},
        {"pseudoniemen": P, "stap": "bevestigen", "reden": "", "bevestigd": "on"},
        {"pseudoniemen": P, "stap": "bevestigen", "reden": f"verzoek voor {BSN}", "bevestigd": "on"},
    ]
    for data in refused:
        assert beheerder_client.post(url, data).status_code == 200
    assert sum(_count(swv, P).values()) == 5
    done = beheerder_client.post(
        url, {"pseudoniemen": P, "stap": "bevestigen", "reden": "Verwijderverzoek ouders 12-03-2025", "bevestigd": "on"}
    )
    assert done.status_code == 302
    assert sum(_count(swv, P).values()) == 0
    assert sum(_count(swv, other_pupil).values()) == 4  # the other pupil is untouched
    assert sum(_count(other_swv, P).values()) == 5  # and so is the same pupil in another SWV
    record = Verwijdering.objects.get()
    assert (record.swv, record.user, record.soort) == (swv, beheerder, "verzoek")
    assert record.aantallen == {"tlv": 2, "arrangement": 1, "verzuim": 1, "terugplaatsing": 1, "bekostigd": 0}
    assert record.reden == "Verwijderverzoek ouders 12-03-2025" and record.kenmerk == P[:12]
    html = beheerder_client.get(reverse("privacy:overview")).content.decode()
    assert "zijn verwijderd: 5 regels" in html and "Verwijderverzoek ouders" in html


def test_another_swv_pupils_are_never_seen_or_deleted(client, swv, other_swv):
    fill(other_swv)
    user = UserFactory(username="beheerder-a")
    member(user, swv, "beheerder")
    client.force_login(user)
    assert "geen gegevens" in _search(client, BSN).content.decode()
    client.post(
        reverse("privacy:delete"), {"pseudoniemen": P, "stap": "bevestigen", "reden": "poging", "bevestigd": "on"}
    )
    assert sum(_count(other_swv, P).values()) == 5
    text = client.post(reverse("privacy:export"), {"pseudoniemen": P}).content.decode("utf-8-sig")
    assert "T1;" not in text


@pytest.mark.parametrize("role", ["bureau", "eigenaar", "schoolbestuur", "toezicht"])
def test_only_beheerder(client, swv, role):
    fill(swv)
    user = UserFactory(username=f"u-{role}")
    member(user, swv, role)
    client.force_login(user)
    for name, data in [
        ("privacy:overview", {"leerling": BSN}),
        ("privacy:export", {"pseudoniemen": P}),
        ("privacy:delete", {"pseudoniemen": P, "stap": "bevestigen", "reden": "poging", "bevestigd": "on"}),
        ("privacy:retention", {"jaren": "1"}),
    ]:
        assert client.post(reverse(name), data).status_code == 403
    assert sum(_count(swv, P).values()) == 5 and not AccessLog.objects.exists()


def test_post_only_routes(beheerder_client, client):
    for name in ("privacy:export", "privacy:delete"):
        assert beheerder_client.get(reverse(name)).status_code == 405
        assert "/inloggen/" in Client().get(reverse(name))["Location"]


def test_bsn_is_never_stored_or_logged(beheerder_client, swv, caplog):
    fill(swv)
    caplog.set_level(logging.DEBUG)
    _search(beheerder_client, BSN)
    _search(beheerder_client, "123.456.782")
    beheerder_client.post(reverse("privacy:export"), {"pseudoniemen": P})
    beheerder_client.post(
        reverse("privacy:delete"), {"pseudoniemen": P, "stap": "bevestigen", "reden": "verzoek", "bevestigd": "on"}
    )
    call_command("bewaartermijn", "--uitvoeren", stdout=StringIO())
    dump = StringIO()
    call_command("dumpdata", stdout=dump)
    for form in (BSN, "123.456.782", "123 456 782"):
        assert form not in dump.getvalue()
        assert form not in caplog.text


nasty = st.one_of(
    st.text(max_size=80),
    st.sampled_from(["", " ", "0" * 64, "g" * 64, P + " " + P, "\x00", "<script>", "x" * 5000, P.upper()]),
    st.integers().map(str),
)


@pytest.mark.django_db
def test_malformed_posts_never_break_or_write(beheerder, swv):
    fill(swv)
    client = Client(raise_request_exception=False)
    client.force_login(beheerder)

    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(
        st.sampled_from(["privacy:overview", "privacy:export", "privacy:delete", "privacy:retention"]),
        st.fixed_dictionaries(
            {"leerling": nasty, "pseudoniemen": nasty, "reden": nasty, "bevestigd": nasty, "jaren": nasty},
            optional={"stap": st.sampled_from(["bevestigen", "", "x"])},
        ),
    )
    def post(name, data):
        if name == "privacy:delete" and data.get("stap") == "bevestigen" and P in data["pseudoniemen"].lower():
            # a valid delete is tested above; here it must be refused. (Before, "P P" slipped through as a valid
            # delete of pupil P and the test failed once in a while: 4 rows left instead of 9.)
            data["reden"] = ""
        response = client.post(reverse(name), data)
        assert response.status_code < 500, (name, data)
        assert sum(_count(swv).values()) == 9

    post()
