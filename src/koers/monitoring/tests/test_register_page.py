"""The register pages: paging, search by number, sorting, filters, and the scope rules (ADR 0011)."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from koers.monitoring.models import Terugplaatsing, Tlv, VerzuimMelding
from koers_dev.testing.factories import SchoolbestuurFactory, UserFactory, member

URL = reverse("monitoring:register", args=["tlv"])


def _tlvs(swv, n, brin6="11AA00", prefix="D"):
    start = date(2025, 1, 1)
    Tlv.unscoped.bulk_create(
        Tlv(
            swv=swv,
            dossiernummer=f"{prefix}{i:04d}",
            aanvraagsoort="eerste",
            brin6=brin6,
            ontvangstdatum=start + timedelta(days=i % 200),
            besluit="afgegeven" if i % 3 == 0 else "",
        )
        for i in range(n)
    )


def _numbers(html):
    return re.findall(r"<td>(D\d{4}|X\d{4})</td>", html)


def test_a_long_register_is_paged_with_the_total_and_page_count(bureau_client, swv, schools):
    _tlvs(swv, 120)
    html = bureau_client.get(URL).content.decode()
    assert "120 regels, pagina 1 van 3." in html
    assert len(_numbers(html)) == 50
    last = bureau_client.get(URL + "?pagina=3").content.decode()
    assert len(_numbers(last)) == 20 and "pagina 3 van 3" in last
    assert not set(_numbers(html)) & set(_numbers(last))
    assert 'aria-current="page"' in last and 'rel="prev"' in last and 'rel="next"' not in last


def test_thousands_are_written_the_dutch_way(bureau_client, swv, schools):
    _tlvs(swv, 1910)
    html = bureau_client.get(URL).content.decode()
    assert "1.910 regels, pagina 1 van 39." in html


def test_a_page_beyond_the_end_shows_the_last_page(bureau_client, swv, schools):
    _tlvs(swv, 60)
    html = bureau_client.get(URL + "?pagina=99").content.decode()
    assert "pagina 2 van 2" in html and len(_numbers(html)) == 10


def test_search_by_number_and_filter_by_decision(bureau_client, swv, schools):
    _tlvs(swv, 60)
    html = bureau_client.get(URL + "?q=D005").content.decode()
    assert sorted(_numbers(html)) == [f"D005{i}" for i in range(10)]
    assert "10 regels." in html
    html = bureau_client.get(URL + "?besluit=afgegeven").content.decode()
    assert "20 regels." in html
    assert bureau_client.get(URL + "?q=ZZZ").content.decode().count("Niets gevonden met deze zoekopdracht") == 1


def test_sorting_by_a_column_header_and_links_keep_the_search(bureau_client, swv, schools):
    _tlvs(swv, 60)
    html = bureau_client.get(URL + "?sorteer=dossiernummer").content.decode()
    assert _numbers(html)[:3] == ["D0000", "D0001", "D0002"]
    assert 'aria-sort="ascending"' in html
    html = bureau_client.get(URL + "?sorteer=-dossiernummer").content.decode()
    assert _numbers(html)[0] == "D0059" and 'aria-sort="descending"' in html
    html = bureau_client.get(URL + "?q=D00&amp;sorteer=dossiernummer".replace("&amp;", "&")).content.decode()
    assert "q=D00" in re.search(r'href="([^"]*sorteer=-dossiernummer[^"]*)"', html).group(1)
    # an unknown column is ignored instead of raising a database error
    assert bureau_client.get(URL + "?sorteer=pupil__secret").status_code == 200


def test_csv_export_follows_the_filters(bureau_client, swv, schools):
    _tlvs(swv, 60)
    csv = bureau_client.get(URL + "?q=D001&formaat=csv").content.decode("utf-8-sig")
    assert len(csv.strip().splitlines()) == 1 + 10


def test_filter_by_school_and_other_registers(bureau_client, swv, schools):
    _tlvs(swv, 5, brin6="11AA00")
    _tlvs(swv, 3, brin6="33CC00", prefix="X")
    html = bureau_client.get(URL + "?school=33cc00").content.decode()
    assert sorted(_numbers(html)) == ["X0000", "X0001", "X0002"]
    Terugplaatsing.unscoped.create(swv=swv, number="T1", from_type="SBO", from_brin6="33CC00", date=date(2025, 3, 1))
    url = reverse("monitoring:register", args=["terugplaatsing"])
    assert "1 regel." in bureau_client.get(url + "?school=33CC00&sorteer=date").content.decode()
    VerzuimMelding.unscoped.create(
        swv=swv, meldingnummer="V1", soort="absoluut", since=date(2025, 2, 1), thuiszitter=True
    )
    url = reverse("monitoring:register", args=["verzuim"])
    assert "1 regel." in bureau_client.get(url + "?thuiszitter=true").content.decode()
    assert "0 regels." in bureau_client.get(url + "?thuiszitter=false").content.decode()


def test_rows_of_another_swv_never_show_not_even_by_search(bureau_client, swv, other_swv, schools):
    _tlvs(swv, 3)
    _tlvs(other_swv, 3, prefix="X")
    html = bureau_client.get(URL + "?q=X").content.decode()
    assert _numbers(html) == [] and "0 regels." in html
    assert sorted(_numbers(bureau_client.get(URL).content.decode())) == ["D0000", "D0001", "D0002"]


@pytest.mark.parametrize("role", ["schoolbestuur", "toezicht"])
def test_roles_without_pupil_level_access_get_no_register(client, swv, schools, role):
    """Pupil-level rows are for the bureau and the beheerder only; a schoolbestuur sees figures, not rows."""
    _tlvs(swv, 3)
    user = UserFactory()
    bestuur = SchoolbestuurFactory(swv=swv) if role == "schoolbestuur" else None
    member(user, swv, role, **({"schoolbestuur": bestuur} if bestuur else {}))
    client.force_login(user)
    response = client.get(URL + "?q=D")
    assert response.status_code == 403
    assert b"D0000" not in response.content
