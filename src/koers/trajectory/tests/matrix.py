"""Access-matrix entries for koers.trajectory (imported by tests/test_access_matrix.py): the bureau's work."""

from datetime import date

EDIT = {"beheerder", "bureau"}


def expectations(Rule):
    def form(post=None, **kwargs):
        return Rule(set(EDIT), kwargs, methods=("GET", "POST"), post=post)

    return {
        "trajectory:list": Rule(set(EDIT), {}, scoped=False),
        "trajectory:new": Rule(set(EDIT), {}, scoped=False, methods=("GET", "POST"), post={"first_year": "2031"}),
        "trajectory:detail": Rule(set(EDIT), {"pk": "trajectory"}),
        "trajectory:edit": form(pk="trajectory"),
        "trajectory:themes": Rule(set(EDIT), {"pk": "trajectory"}),
        "trajectory:phase_edit": form(pk="phase"),
        "trajectory:step_edit": form(pk="step", post={"notes": "Voorbereid."}),
        "trajectory:step_document": Rule(set(EDIT), {"pk": "step"}),
        "trajectory:table_new": form(
            pk="trajectory",
            post=lambda w: {
                "title": "Tafel",
                "group": w["group"],
                "held_on": "2025-03-01",
                "new_themes": "Thuiszitters",
            },
        ),
        "trajectory:table": Rule(set(EDIT), {"pk": "table"}),
        "trajectory:table_edit": form(pk="table"),
        "trajectory:outcome_new": form(
            pk="table",
            post=lambda w: {"theme": w["consult_theme"], "heard": "Meer tijd voor overleg.", "status": "open"},
        ),
        "trajectory:outcome_edit": form(pk="outcome"),
        "trajectory:groups": Rule(set(EDIT), {}, scoped=False, methods=("GET", "POST"), post={"name": "Jeugdartsen"}),
        # a new feed address is shown on the page itself: 200
        "trajectory:feed_settings": Rule(
            set(EDIT), {}, scoped=False, methods=("GET", "POST"), post={"actie": "nieuw"}, post_ok=(200,)
        ),
        # the calendar feed: no login, the secret key in the address (a wrong key: 404)
        "trajectory:feed": Rule(
            {"beheerder", "bureau", "eigenaar", "schoolbestuur", "toezicht"},
            {"key": "feed_key"},
            anonymous="allow",
            scoped=False,
        ),
    }


def world(swv, world):
    """The trajectory objects of one SWV; made once (the API's world asks for them first)."""
    if "trajectory" in world:
        return {}
    from django.core.files.uploadedfile import SimpleUploadedFile

    from koers.organisations.models import Gemeente
    from koers.trajectory import services
    from koers.trajectory.models import ConsultationTheme, Outcome, Phase, StakeholderGroup, Step, Thematafel
    from koers_dev.testing.factories import PlanFactory, UserFactory, member

    Gemeente.unscoped.create(swv=swv, name=f"Gemeente {swv.code}")
    holder = UserFactory()
    member(holder, swv, "bureau")
    draft = PlanFactory(swv=swv, code=f"concept-{swv.code.lower()}", first_year=2026, last_year=2029, status="concept")
    trajectory = services.create_trajectory(swv=swv, user=holder, first_year=2026, plan=draft)
    step = Step.unscoped.get(trajectory=trajectory, kind=Step.Kind.OPR)
    services.record_step(
        step, holder, data={}, upload=SimpleUploadedFile("brief.pdf", b"%PDF-1.4 brief", content_type="application/pdf")
    )
    group = StakeholderGroup.unscoped.filter(swv=swv).order_by("order").first()
    theme = ConsultationTheme.unscoped.create(swv=swv, trajectory=trajectory, name="Basisondersteuning")
    table = Thematafel.unscoped.create(
        swv=swv, trajectory=trajectory, group=group, title="Thematafel ouders", held_on=date(2025, 3, 1)
    )
    table.themes.add(theme)
    outcome = Outcome.unscoped.create(swv=swv, table=table, theme=theme, heard="Ouders willen eerder meepraten.")
    return {
        "trajectory": trajectory.pk,
        "phase": Phase.unscoped.filter(trajectory=trajectory).order_by("order").first().pk,
        "step": step.pk,
        "group": group.pk,
        "consult_theme": theme.pk,
        "table": table.pk,
        "outcome": outcome.pk,
        "feed_key": services.issue_feed(holder, swv),
    }
