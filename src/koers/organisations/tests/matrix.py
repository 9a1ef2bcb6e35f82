"""Access-matrix entries for an organisation file the task worker reads (ADR 0036; see tests/test_access_matrix.py)."""

EDIT = {"beheerder", "bureau"}


def expectations(Rule):
    return {
        "organisations:import_progress": Rule(set(EDIT), {"pk": "organisation_upload"}),
        "organisations:import_status": Rule(set(EDIT), {"pk": "organisation_upload"}),
        "organisations:import_cancel": Rule(set(EDIT), {"pk": "organisation_upload"}, methods=("POST",)),
    }


def world(swv, world):
    from koers.core import staging
    from koers.core.models import FileImport

    run = FileImport.unscoped.create(
        swv=swv,
        kind="organisaties",
        file_name="scholen.csv",
        status=FileImport.Status.DONE,
        options={"format": "duo"},
        result={
            "file": "scholen.csv",
            "problems": [],
            "errors": 0,
            "warnings": 1,
            "counts": [],
            "skipped": 0,
            "saved": False,
            "dry_run": False,
            "can_confirm": True,
        },
        data=staging.seal(b"BEVOEGD GEZAG NUMMER;INSTELLINGSCODE\n"),
        expires_at=staging.expiry(),
    )
    return {"organisation_upload": run.pk}
