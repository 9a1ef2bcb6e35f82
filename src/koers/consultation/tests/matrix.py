"""Access-matrix entries for koers.consultation (imported by tests/test_access_matrix.py). The invitee is a
principal of its own: see ``test_invitee_access.py`` (every other route refused for an invitee's browser)."""

ALL = {"beheerder", "bureau", "eigenaar", "schoolbestuur", "toezicht"}
EDIT = {"beheerder", "bureau"}
POST = ("POST",)


def expectations(Rule):
    return {
        "consultation:rounds": Rule(
            EDIT,
            {"pk": "consult_plan"},
            methods=("GET", "POST"),
            post={"title": "Tweede ronde", "opens_on": "2025-07-01", "closes_on": "2025-09-30"},
        ),
        "consultation:round": Rule(ALL, {"pk": "consult_round"}),
        "consultation:invite": Rule(
            EDIT,
            {"pk": "consult_round"},
            methods=POST,
            post={"name": "Een ouder", "email": "ouder@example.org", "group": "ouder"},
        ),
        "consultation:member_comment": Rule(
            ALL, {"pk": "consult_round"}, methods=POST, post=lambda w: {"element": w["consult_element"], "text": "Goed"}
        ),
        "consultation:revoke": Rule(EDIT, {"pk": "consult_invitee"}, methods=POST),
        "consultation:resend": Rule(EDIT, {"pk": "consult_invitee"}, methods=POST),
        "consultation:answer": Rule(
            EDIT, {"pk": "consult_comment"}, methods=POST, post={"answer": "niet", "reason": "Past niet in dit plan."}
        ),
        "consultation:appendix": Rule(ALL, {"pk": "consult_plan", "fmt": "=docx"}),
        "consultation:versions": Rule(ALL, {"pk": "consult_plan"}),
        "consultation:version_record": Rule(EDIT, {"pk": "consult_plan"}, methods=POST),
        # the invitee's own page: no login, the link is the key (a wrong link: see test_invitee_access)
        "consultation:respond": Rule(
            ALL,
            {"token": "consult_token"},
            anonymous="allow",
            scoped=False,
            methods=("GET", "POST"),
            post_ok=(302,),
            post=lambda w: {"element": w["consult_element"], "text": "Mijn reactie"},
        ),
    }


def world(swv, world):
    from datetime import date

    from koers.consultation import services
    from koers.consultation.content import draft_elements
    from koers.core.audience import Audience
    from koers.plans.models import Plan
    from koers_dev.testing.factories import GoalFactory, PlanFactory, UserFactory

    plan = PlanFactory(swv=swv, code="concept", title="Concept 2025-2029", status=Plan.Status.DRAFT)
    GoalFactory(theme__plan=plan)
    user = UserFactory()
    round_ = services.open_round(
        plan, user, title="Reactieronde", opens_on=date(2025, 7, 1), closes_on=date(2025, 9, 30)
    )
    invitee, token = services.invite(round_, user, name="Ouder A", email="a@example.org", group="ouder")
    keys = [e.key for e in draft_elements(plan, Audience.system(swv, reason="matrix"))]
    comment = services.comment(round_, keys[0], "Een reactie", keys=set(keys), invitee=invitee)
    services.record_version(plan, user)
    return {
        "consult_plan": plan.pk,
        "consult_round": round_.pk,
        "consult_invitee": invitee.pk,
        "consult_comment": comment.pk,
        "consult_element": keys[0],
        "consult_token": token,
    }
