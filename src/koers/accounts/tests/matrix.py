"""Access-matrix entries for the accounts routes added with issue 10 (imported by tests/test_access_matrix.py)."""


def expectations(Rule):
    return {
        "accounts:otp_recovery": Rule(
            {"beheerder", "bureau", "eigenaar", "schoolbestuur", "toezicht"}, {}, scoped=False
        ),  # fmt: skip
        "accounts:otp_codes": Rule({"beheerder", "bureau", "eigenaar", "schoolbestuur", "toezicht"}, {}, scoped=False),
        "accounts:otp_codes_new": None,  # POST only; test_twofactor
        "accounts:member_reset_2fa": Rule({"beheerder"}, {"pk": "membership"}),
        "accounts:invitation_revoke": None,  # POST only; test_invitations
        "accounts:invitation_resend": None,  # POST only; test_invitations
        "accounts:invitation_accept": Rule(
            {"beheerder", "bureau", "eigenaar", "schoolbestuur", "toezicht"},
            {"token": "=ongeldig"},
            anonymous="allow",
            scoped=False,
        ),  # fmt: skip
        "accounts:email_confirm": Rule(
            {"beheerder", "bureau", "eigenaar", "schoolbestuur", "toezicht"},
            {"token": "=ongeldig"},
            anonymous="allow",
            scoped=False,
        ),  # fmt: skip
    }
