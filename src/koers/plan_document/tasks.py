"""Background work: the PDF and Word files of an ondersteuningsplan document (seconds for a large plan)."""

import logging

from django_tasks import task

from koers.plan_document.files import FilesFailed, make_files
from koers.plan_document.models import PlanDocument

logger = logging.getLogger(__name__)


@task()
def generate_plan_document(document_id: int) -> str:
    document = PlanDocument.unscoped.get(pk=document_id)  # the worker gets an id; the document names its SWV
    try:
        make_files(document)
    except FilesFailed:
        logger.exception("Bestanden van plandocument %s konden niet worden gemaakt", document_id)
        raise
    return "klaar"
