"""Access to the set-up wizard: only the beheerder of the SWV. The open start (no accounts yet) is closed in the
matrix world, which has accounts: anonymous visitors go to the login page. The logo is public."""

WIZARD = {"beheerder"}
ALL = {"beheerder", "bureau", "eigenaar", "schoolbestuur", "toezicht"}


def expectations(Rule):
    return {
        "onboarding:start": Rule(WIZARD, {}, scoped=False, methods=("GET", "POST")),
        "onboarding:overview": Rule(WIZARD, {}, scoped=False),
        "onboarding:step": Rule(
            WIZARD, {"step": "=scholen"}, scoped=False, methods=("GET", "POST"), post={"action": "later"}
        ),
        "onboarding:logo": Rule(ALL, {"code": "code"}, anonymous="allow", scoped=False),
    }


def world(swv, world):
    from koers.onboarding.tests.images import png_bytes
    from koers.organisations.models import SwvLogo

    SwvLogo.objects.update_or_create(swv=swv, defaults={"data": png_bytes(), "content_type": "image/png"})
    return {}
