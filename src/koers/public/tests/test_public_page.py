import pytest
from django.urls import reverse

from koers.public.models import PublicPage
from koers_dev.testing.factories import ActivityFactory, GoalFactory, UserFactory, YearPlanFactory, member

pytestmark = pytest.mark.django_db


def test_page_is_not_public_until_published(client, swv):
    assert client.get(reverse("public:page", args=[swv.code])).status_code == 404
    PublicPage.unscoped.create(swv=swv, published=False)
    assert client.get(reverse("public:page", args=[swv.code])).status_code == 404


def test_public_page_shows_goals_contact_and_figures_without_login(client, swv):
    goal = GoalFactory(theme__plan__swv=swv, title="Geen kind langer dan 3 maanden thuis")
    year_plan = YearPlanFactory(plan=goal.plan, school_year=2024)
    ActivityFactory(year_plan=year_plan, status="afgerond", description="Geheime activiteit")
    ActivityFactory(year_plan=year_plan, status="loopt")
    PublicPage.unscoped.create(
        swv=swv, published=True, plan=goal.plan, contact="Bel 0174 000 000", measures=["plan_activiteiten_afgerond"]
    )
    page = client.get(reverse("public:page", args=["PO 28-01"])).content.decode()
    assert "Geen kind langer dan 3 maanden thuis" in page
    assert "Bel 0174 000 000" in page
    assert "50%" in page
    assert "Geheime activiteit" not in page


def test_settings_need_plan_edit(client, swv):
    user = UserFactory()
    member(user, swv, "eigenaar")
    client.force_login(user)
    assert client.get(reverse("public:settings")).status_code == 403


def test_bureau_publishes(bureau_client, swv):
    response = bureau_client.post(
        reverse("public:settings"), {"published": "on", "introduction": "Wij helpen.", "show_goals": "on"}
    )
    assert response.status_code == 302
    assert PublicPage.unscoped.get(swv=swv).published


def test_settings_page_has_a_breadcrumb_and_kerncijfers_as_a_group(bureau_client, swv):
    page = bureau_client.get(reverse("public:settings")).content.decode()
    crumbs = page[page.index('<nav class="breadcrumbs"') : page.index("</nav>", page.index('<nav class="breadcrumbs"'))]
    assert f'<a href="{reverse("plans:plan_list")}">Plannen</a>' in crumbs
    assert '<li aria-current="page">Publieke pagina</li>' in crumbs
    # the checkboxes of Kerncijfers come after their legend, inside one fieldset
    group = page[page.index("<fieldset") : page.index("</fieldset>")]
    assert group.index("<legend>Kerncijfers</legend>") < group.index('type="checkbox"')


def test_demo_warning_date_and_clickable_email(client, swv):
    from koers.public.models import PublicPage

    swv.is_demo = True
    swv.save()
    PublicPage.unscoped.create(swv=swv, published=True, contact="Mail steunpunt@example.org", measures=["deelname_sbo"])
    html = client.get(f"/openbaar/{swv.code}/").content.decode()
    assert "Dit is een voorbeeld (demo)" in html
    assert 'href="mailto:steunpunt@example.org"' in html
    assert "Stand op " in html
