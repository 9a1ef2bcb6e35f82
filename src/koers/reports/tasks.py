"""Background work: the PDF and Word files of an issued report (a few seconds for a large plan)."""

import logging

from django_tasks import task

from koers.reports.files import make_files
from koers.reports.models import Report

logger = logging.getLogger(__name__)


@task()
def generate_report_files(report_id: int) -> str:
    report = Report.unscoped.get(pk=report_id)  # the worker gets an id; the report names its SWV
    try:
        make_files(report)
    except Exception as exc:
        logger.exception("Bestanden van rapportage %s konden niet worden gemaakt", report_id)
        Report.objects.for_swv(report.swv_id).filter(pk=report_id).update(
            files_status=Report.FilesStatus.FAILED, files_error=str(exc)[:2000]
        )
        raise
    return "klaar"
