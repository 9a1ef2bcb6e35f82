"""Access-matrix entries for koers.privacy (imported by tests/test_access_matrix.py)."""

PSEUDONYM = "a" * 64  # a well-formed pseudonym of no pupil: the export and the delete step find no rows


def expectations(Rule):
    return {
        # the search shows its result on the page (200) and logs the access
        "privacy:overview": Rule(
            {"beheerder"}, {}, scoped=False, methods=("GET", "POST"), post={"leerling": PSEUDONYM}, post_ok=(200,)
        ),
        "privacy:retention": Rule({"beheerder"}, {}, scoped=False, methods=("GET", "POST")),
        "privacy:export": Rule(
            {"beheerder"}, {}, scoped=False, methods=("POST",), post={"pseudoniemen": PSEUDONYM}, post_ok=(200,)
        ),
        "privacy:delete": Rule(
            {"beheerder"},
            {},
            scoped=False,
            methods=("POST",),
            post={
                "pseudoniemen": PSEUDONYM,
                "stap": "bevestigen",
                "reden": "Verzoek van de ouders.",
                "bevestigd": "on",
            },
        ),  # fmt: skip
    }
