"""Access-matrix entries for the accounts routes added with issue 10 (imported by tests/test_access_matrix.py)."""

ALL = {"beheerder", "bureau", "eigenaar", "schoolbestuur", "toezicht"}
GET_POST = ("GET", "POST")


def expectations(Rule):
    return {
        # without a confirmed app the recovery page sends on to the set-up page
        "accounts:otp_recovery": Rule(ALL, {}, scoped=False, methods=GET_POST, post={"code": "abcd efgh"}),
        "accounts:otp_codes": Rule(ALL, {}, scoped=False),
        "accounts:otp_codes_new": Rule(ALL, {}, scoped=False, methods=("POST",)),
        # the member has no second factor: the refusal on the page itself is the answer (200)
        "accounts:member_reset_2fa": Rule({"beheerder"}, {"pk": "membership"}, methods=GET_POST, post_ok=(200,)),
        # undoing a single sign-on link (issue 14): the user's own (a confirmation page; a link of another user is
        # not found) and a member's by the beheerder of the member's SWV (the other SWV's member is not found)
        "accounts:sso_unlink": Rule(ALL, {"pk": "sso_link"}, methods=GET_POST),
        "accounts:member_sso_unlink": Rule(
            {"beheerder"}, {"pk": "membership", "identity": "member_sso_link"}, methods=GET_POST
        ),
        "accounts:invitation_revoke": Rule({"beheerder"}, {"pk": "invitation"}, methods=("POST",)),
        "accounts:invitation_resend": Rule({"beheerder"}, {"pk": "invitation"}, methods=("POST",)),
        # an invalid token: the page says so (200) for everyone, logged in or not
        "accounts:invitation_accept": Rule(
            ALL, {"token": "=ongeldig"}, anonymous="allow", scoped=False, methods=GET_POST, post_ok=(200,)
        ),
        "accounts:email_confirm": Rule(
            ALL, {"token": "=ongeldig"}, anonymous="allow", scoped=False, methods=GET_POST, post_ok=(200,)
        ),
        # single sign-on (ADR 0015), not configured in the matrix: start and callback send to the login page
        "accounts:oidc_login": Rule(ALL, {}, anonymous="allow", scoped=False),
        "accounts:oidc_callback": Rule(ALL, {}, anonymous="allow", scoped=False),
        "accounts:oidc_refused": Rule(ALL, {}, anonymous="allow", scoped=False),
    }


def world(swv, world):
    from koers.accounts.invitations import invite
    from koers.accounts.models import Membership, OidcIdentity, Role
    from koers_dev.testing.factories import UserFactory

    invitation = invite(
        swv, UserFactory(), f"genodigde-{swv.code.lower()}@example.org", Role.objects.get(code="toezicht")
    )
    member = Membership.objects.for_swv(swv).get(pk=world["membership"]).user
    link = OidcIdentity.objects.create(user=member, issuer="https://login.example.org", subject=f"lid-{swv.code}")
    return {"invitation": invitation.pk, "member_sso_link": link.pk}


def sso_links(users, ctx):
    """Each matrix user of ``ctx`` gets a link with the provider of their own: {who: pk}, for accounts:sso_unlink."""
    from koers.accounts.models import OidcIdentity

    return {
        who: OidcIdentity.objects.create(user=user, issuer="https://login.example.org", subject=f"{ctx}-{who}").pk
        for (c, who), user in users.items()
        if c == ctx
    }
