"""Background work: the PDF and Word files of an issued report (a few seconds for a large plan)."""

import logging

from django_tasks import task

from koers.reports.files import FilesFailed, make_files
from koers.reports.models import Report

logger = logging.getLogger(__name__)


@task()
def generate_report_files(report_id: int) -> str:
    report = Report.unscoped.get(pk=report_id)  # the worker gets an id; the report names its SWV
    try:
        make_files(report)  # marks the report "mislukt" and tells the bureau when a file cannot be made
    except FilesFailed:
        logger.exception("Bestanden van rapportage %s konden niet worden gemaakt", report_id)
        raise
    return "klaar"
