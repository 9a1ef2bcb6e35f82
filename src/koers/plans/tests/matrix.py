"""Access-matrix entries for the voortgangsronde (imported by tests/test_access_matrix.py)."""

EDIT = {"beheerder", "bureau"}
UPDATERS = {"beheerder", "bureau", "eigenaar"}


def expectations(Rule):
    def action(roles, **kwargs):
        post = kwargs.pop("post", None)
        return Rule(set(roles), kwargs, methods=("POST",), post=post)

    return {
        "plans:round": Rule(set(EDIT), {"pk": "round"}),
        "plans:round_remind": action(EDIT, pk="round"),
        "plans:round_close": action(EDIT, pk="round"),
        "plans:my_round": Rule(set(UPDATERS), {}, scoped=False),
        # the eigenaar owns the world's activity (the matrix links it to the owner)
        "plans:round_update": action(
            UPDATERS, pk="activity", post={"tertiaal": "2025-T1", "status": "loopt", "happened": "Gestart."}
        ),
        "plans:update_review": action(
            EDIT, pk="api_update", post={"decision": "accepteren", "reason": "Na uitbrengen beoordeeld."}
        ),
        "plans:evidence_add": action(
            UPDATERS,
            pk="api_update",
            post={
                "bewijs-url": "https://example.org/verslag",
                "bewijs-title": "Verslag",
                "bewijs-reason": "Later aangevuld.",  # T3 2024 is issued: an amendment
            },
        ),
        "plans:activity_comment": action(UPDATERS, pk="activity", post={"opmerking-text": "Goed bezig."}),
        # an evidence file may hold personal data: the bureau and the activity's owner, nobody else
        "plans:evidence": Rule(set(UPDATERS), {"pk": "evidence"}),
        # a plan file the task worker read (ADR 0036): progress page, its fragment, cancel, confirm, problems
        "plans:plan_import_progress": Rule(set(EDIT), {"pk": "plan_upload"}),
        "plans:plan_import_status": Rule(set(EDIT), {"pk": "plan_upload"}),
        "plans:plan_import_cancel": action(EDIT, pk="plan_upload"),
        "plans:plan_import_confirm": Rule(
            set(EDIT), {"pk": "plan_upload"}, methods=("GET", "POST"), post={"annuleren": "1"}
        ),
        "plans:plan_import_problems": Rule(set(EDIT), {"pk": "plan_upload_problems"}),
    }


def _uploads(swv):
    from koers.core import staging
    from koers.core.models import FileImport

    done = FileImport.unscoped.create(
        swv=swv,
        kind="plan",
        file_name="plan.yaml",
        status=FileImport.Status.DONE,
        result={"plan": None, "by_ids": False, "locked": "", "digest": "", "items": []},
        data=staging.seal(b"plan: {}"),
        expires_at=staging.expiry(),
    )
    problems = FileImport.unscoped.create(
        swv=swv,
        kind="plan",
        file_name="kapot.yaml",
        status=FileImport.Status.PROBLEMS,
        problems=[{"file": "kapot.yaml", "sheet": "", "row": 2, "column": "", "field": "", "problem": "Fout."}],
    )
    return {"plan_upload": done.pk, "plan_upload_problems": problems.pk}


def world(swv, world):
    from koers.plans.models import ActivityUpdate, Evidence
    from koers.plans.services import _evidence_fernet

    update = ActivityUpdate.unscoped.get(pk=world["api_update"])
    evidence = Evidence.unscoped.create(
        swv=swv,
        update=update,
        title="Verslag",
        file_name="verslag.txt",
        content_type="text/plain",
        size=5,
        sealed=_evidence_fernet().encrypt(b"tekst"),
    )
    # the API's round (2025-T1, open)
    return {"round": world["api_round"], "evidence": evidence.pk, **_uploads(swv)}
