"""Access-matrix entries for koers.privacy (imported by tests/test_access_matrix.py)."""


def expectations(Rule):
    return {
        "privacy:overview": Rule({"beheerder"}, {}, scoped=False),
        "privacy:retention": Rule({"beheerder"}, {}, scoped=False),
        "privacy:export": None,  # POST only; tested in test_requests.py
        "privacy:delete": None,  # POST only; tested in test_requests.py
    }
