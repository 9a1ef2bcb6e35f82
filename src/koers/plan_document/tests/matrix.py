"""Access-matrix entries for koers.plan_document (imported by tests/test_access_matrix.py). Whoever reads the plan
(plan.view) may have it made as a document and read a version of the draft (the OPR: role toezicht); the bureau
makes the files again and puts the adopted plan's PDF on the public page."""

ALL = {"beheerder", "bureau", "eigenaar", "schoolbestuur", "toezicht"}
EDIT = {"beheerder", "bureau"}
POST = ("POST",)


def expectations(Rule):
    return {
        "plan_document:make": Rule(ALL, {"pk": "plan"}, methods=POST, post={}),
        "plan_document:detail": Rule(ALL, {"pk": "plan_doc"}),
        "plan_document:progress": Rule(ALL, {"pk": "plan_doc"}),
        "plan_document:download": Rule(ALL, {"pk": "plan_doc", "fmt": "=pdf"}),
        "plan_document:retry": Rule(EDIT, {"pk": "plan_doc"}, methods=POST),
        "plan_document:publish": Rule(EDIT, {"pk": "plan_doc"}, methods=POST, post={"openbaar": "ja"}),
        "plan_document:version": Rule(ALL, {"pk": "plan_doc_version"}),
        # the public page's PDF: no login, only when the SWV put it there
        "plan_document:public_download": Rule(ALL, {"code": "code"}, anonymous="allow"),
    }


def world(swv, world):
    from koers.consultation import services
    from koers.plan_document import content
    from koers.plan_document.models import PlanDocument
    from koers.plans.models import Plan
    from koers_dev.testing.factories import GoalFactory, PlanFactory, UserFactory

    plan = Plan.unscoped.get(pk=world["plan"])
    payload = content.support_plan_payload(plan)
    document = PlanDocument.unscoped.create(
        swv=swv,
        plan=plan,
        digest=content.digest(payload),
        payload=payload,
        pdf=b"%PDF-",
        docx=b"PK",
        files_status=PlanDocument.FilesStatus.DONE,
        public=True,
    )
    draft = PlanFactory(swv=swv, code="concept-document", title="Concept 2026-2030", status=Plan.Status.DRAFT)
    GoalFactory(theme__plan=draft)
    version = services.record_version(draft, UserFactory())
    return {"plan_doc": document.pk, "plan_doc_version": version.pk}
