"""Access-matrix entries for koers.evaluation (imported by tests/test_access_matrix.py)."""

EDIT = {"beheerder", "bureau"}
READERS = {"beheerder", "bureau", "toezicht"}  # evaluation.view: the bureau writes it, toezicht reads it


def expectations(Rule):
    return {
        "evaluation:page": Rule(READERS, {"pk": "plan"}),
        "evaluation:document": Rule(READERS, {"pk": "plan", "fmt": "=docx"}),
        "evaluation:conclusion": Rule(
            EDIT,
            {"pk": "plan", "level": "=plan", "element": "plan"},
            methods=("GET", "POST"),
            post={"text": "Het plan heeft veel opgeleverd."},
        ),
        "evaluation:new_plan": Rule(
            EDIT,
            {"pk": "plan"},
            methods=("GET", "POST"),
            post={
                "start": "oud",
                "code": "osp-nieuw",
                "title": "Nieuw plan",
                "first_year": "2028",
                "last_year": "2031",
            },
        ),
    }
