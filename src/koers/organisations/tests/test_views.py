import pytest
from django.urls import reverse

from koers.audit.models import HistoryEntry
from koers.organisations.models import School, Schoolbestuur, Swv
from koers.organisations.registry import KINDS
from koers_dev.testing.factories import (
    ActivityFactory,
    ActorFactory,
    GremiumFactory,
    SchoolbestuurFactory,
    SchoolFactory,
    StaffMemberFactory,
    UserFactory,
    member,
)
from koers_dev.testing.org_factories import GemeenteFactory, KetenpartnerFactory, WerkgebiedFactory

pytestmark = pytest.mark.django_db

FACTORIES = {
    "scholen": SchoolFactory,
    "besturen": SchoolbestuurFactory,
    "werkgebieden": WerkgebiedFactory,
    "gemeenten": GemeenteFactory,
    "ketenpartners": KetenpartnerFactory,
    "gremia": GremiumFactory,
    "medewerkers": StaffMemberFactory,
    "eigenaren": ActorFactory,
}


def test_every_kind_has_a_factory():
    assert set(FACTORIES) == set(KINDS)


@pytest.mark.parametrize("slug", sorted(FACTORIES))
def test_list_detail_and_exports(bureau_client, swv, slug):
    obj = FACTORIES[slug](swv=swv)
    page = bureau_client.get(reverse("organisations:list", args=[slug])).content.decode()
    assert "<caption>" in page and str(KINDS[slug].plural) in page
    assert reverse("organisations:detail", args=[slug, obj.pk]) in page
    csv = bureau_client.get(reverse("organisations:list", args=[slug]), {"export": "csv"})
    assert csv["Content-Type"].startswith("text/csv")
    xlsx = bureau_client.get(reverse("organisations:list", args=[slug]), {"export": "xlsx"})
    assert xlsx.content[:2] == b"PK"
    detail = bureau_client.get(reverse("organisations:detail", args=[slug, obj.pk])).content.decode()
    assert reverse("audit:history", args=[obj._meta.label_lower, obj.pk]) in detail
    assert bureau_client.get(reverse("organisations:edit", args=[slug, obj.pk])).status_code == 200


@pytest.mark.parametrize("slug", sorted(FACTORIES))
def test_other_swv_objects_are_not_found(bureau_client, other_swv, slug):
    obj = FACTORIES[slug](swv=other_swv)
    for name in ("detail", "edit", "delete"):
        assert bureau_client.get(reverse(f"organisations:{name}", args=[slug, obj.pk])).status_code == 404
    assert bureau_client.post(reverse("organisations:delete", args=[slug, obj.pk])).status_code == 404
    assert obj.__class__.unscoped.filter(pk=obj.pk).exists()
    page = bureau_client.get(reverse("organisations:list", args=[slug])).content.decode()
    assert str(obj.name) not in page


def test_search_and_filter(bureau_client, swv):
    SchoolFactory(swv=swv, name="De Regenboog", school_type="BO", city="Naaldwijk")
    SchoolFactory(swv=swv, name="De Havenschool", school_type="SBO", city="Monster")
    url = reverse("organisations:list", args=["scholen"])
    page = bureau_client.get(url, {"q": "naaldwijk"}).content.decode()
    assert "De Regenboog" in page and "De Havenschool" not in page
    page = bureau_client.get(url, {"soort": "SBO"}).content.decode()
    assert "De Havenschool" in page and "De Regenboog" not in page
    assert "1 van 2" in page


def test_empty_list_says_what_to_do(bureau_client):
    page = bureau_client.get(reverse("organisations:list", args=["scholen"])).content.decode()
    assert "Nog geen scholen" in page and "importeer" in page


def test_add_school_normalises_brin_and_records_history(bureau_client, swv, bureau_user):
    bestuur = SchoolbestuurFactory(swv=swv)
    response = bureau_client.post(
        reverse("organisations:new", args=["scholen"]),
        {"name": "De Regenboog", "brin6": "19hy 00", "school_type": "BO", "bestuur": bestuur.pk, "postcode": "2671ab"},
    )
    assert response.status_code == 302
    school = School.unscoped.get(swv=swv, brin6="19HY00")
    assert school.postcode == "2671 AB"
    response = bureau_client.post(
        reverse("organisations:edit", args=["scholen", school.pk]),
        {"name": "De Regenboog-Noord", "brin6": "19HY00", "school_type": "BO", "bestuur": bestuur.pk},
    )
    assert response.status_code == 302
    entry = HistoryEntry.objects.filter(model="organisations.school", object_id=str(school.pk), action="update").get()
    assert entry.changes["name"] == ["De Regenboog", "De Regenboog-Noord"]
    assert entry.user == bureau_user
    history = bureau_client.get(reverse("audit:history", args=["organisations.school", school.pk]))
    assert "De Regenboog-Noord" in history.content.decode()


def test_duplicate_brin_in_same_swv_is_refused(bureau_client, swv):
    SchoolFactory(swv=swv, brin6="19HY00")
    response = bureau_client.post(
        reverse("organisations:new", args=["scholen"]), {"name": "Dubbel", "brin6": "19HY00", "school_type": "BO"}
    )
    assert response.status_code == 200 and "bestaat al" in response.content.decode()
    assert School.unscoped.filter(swv=swv).count() == 1


def test_bestuur_of_other_swv_cannot_be_chosen(bureau_client, swv, other_swv):
    foreign = SchoolbestuurFactory(swv=other_swv)
    response = bureau_client.post(
        reverse("organisations:new", args=["scholen"]),
        {"name": "X", "brin6": "19HY00", "school_type": "BO", "bestuur": foreign.pk},
    )
    assert response.status_code == 200
    assert not School.unscoped.filter(swv=swv).exists()


def test_delete_bestuur_with_schools_gives_a_message(bureau_client, swv):
    school = SchoolFactory(swv=swv)
    url = reverse("organisations:delete", args=["besturen", school.bestuur.pk])
    page = bureau_client.get(url).content.decode()
    assert "kan nog niet worden verwijderd" in page
    response = bureau_client.post(url)
    assert response.status_code == 200
    assert "kan niet worden verwijderd" in response.content.decode()
    assert Schoolbestuur.unscoped.filter(pk=school.bestuur.pk).exists()


def test_delete_actor_owning_activities_gives_a_message(bureau_client, swv):
    activity = ActivityFactory(year_plan__plan__swv=swv)
    response = bureau_client.post(reverse("organisations:delete", args=["eigenaren", activity.owner.pk]))
    assert response.status_code == 200 and "verwijzen nog gegevens" in response.content.decode()


def test_delete_unreferenced(bureau_client, swv):
    gremium = GremiumFactory(swv=swv)
    response = bureau_client.post(reverse("organisations:delete", args=["gremia", gremium.pk]))
    assert response.status_code == 302
    assert HistoryEntry.objects.filter(model="organisations.gremium", action="delete").exists()


def test_eigenaar_can_view_but_not_edit(client, swv):
    user = UserFactory()
    member(user, swv, "eigenaar")
    client.force_login(user)
    school = SchoolFactory(swv=swv)
    assert client.get(reverse("organisations:overview")).status_code == 200
    assert client.get(reverse("organisations:list", args=["scholen"])).status_code == 200
    page = client.get(reverse("organisations:detail", args=["scholen", school.pk])).content.decode()
    assert reverse("organisations:edit", args=["scholen", school.pk]) not in page
    assert client.get(reverse("organisations:edit", args=["scholen", school.pk])).status_code == 403
    response = client.post(
        reverse("organisations:edit", args=["scholen", school.pk]), {"name": "Gewijzigd", "brin6": school.brin6}
    )
    assert response.status_code == 403
    assert client.post(reverse("organisations:delete", args=["scholen", school.pk])).status_code == 403
    assert client.get(reverse("organisations:import")).status_code == 403
    assert client.get(reverse("organisations:swv_edit")).status_code == 403
    school.refresh_from_db()
    assert school.name != "Gewijzigd"


def test_toezicht_cannot_view(client, swv):
    user = UserFactory()
    member(user, swv, "toezicht")
    client.force_login(user)
    assert client.get(reverse("organisations:list", args=["scholen"])).status_code == 403


def test_unknown_kind_is_404(bureau_client):
    assert bureau_client.get("/organisatie/onbekend/").status_code == 404


def test_overview_counts_and_import_buttons(bureau_client, swv):
    SchoolFactory(swv=swv)
    page = bureau_client.get(reverse("organisations:overview")).content.decode()
    assert "DUO-adressenbestand importeren" in page and "Excel-sjabloon downloaden" in page
    assert reverse("organisations:list", args=["scholen"]) in page
    csv = bureau_client.get(reverse("organisations:overview"), {"export": "csv"}).content.decode("utf-8-sig")
    assert "Register;Aantal" in csv and "Scholen;1" in csv


def test_bestuur_page_lists_its_schools_with_export(bureau_client, swv):
    school = SchoolFactory(swv=swv, name="De Regenboog")
    url = reverse("organisations:detail", args=["besturen", school.bestuur.pk])
    assert "De Regenboog" in bureau_client.get(url).content.decode()
    csv = bureau_client.get(url, {"export": "csv"}).content.decode("utf-8-sig")
    assert "De Regenboog" in csv


@pytest.mark.parametrize(
    "colour, ok",
    [("#1d4f91", True), ("#00567a", True), ("#ffff00", False), ("#777777", False), ("#767676", True), ("rood", False)],
)
def test_swv_colour_contrast(bureau_client, swv, colour, ok):
    response = bureau_client.post(
        reverse("organisations:swv_edit"), {"name": swv.name, "short_name": "SWV", "main_colour": colour}
    )
    swv.refresh_from_db()
    if ok:
        assert response.status_code == 302 and swv.main_colour == colour
    else:
        assert response.status_code == 200 and swv.main_colour != colour
        page = response.content.decode()
        assert ("contrast" in page) or ("#rrggbb" in page)


def test_swv_edit_records_history(bureau_client, swv):
    bureau_client.post(
        reverse("organisations:swv_edit"),
        {"name": swv.name, "short_name": swv.short_name, "main_colour": "#1d4f91", "steunpunt_contact": "ojsp@x.nl"},
    )
    assert Swv.objects.get(pk=swv.pk).steunpunt_contact == "ojsp@x.nl"
    assert HistoryEntry.objects.filter(model="organisations.swv", object_id=str(swv.pk), action="update").exists()
