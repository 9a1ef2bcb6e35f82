from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "koers.reports"
    label = "reports"
    verbose_name = "Rapportages"

    def ready(self):
        from koers.audit.tracking import track
        from koers.reports.models import Report

        track(
            Report,
            exclude=(
                "created_at",
                "updated_at",
                "payload",
                "content_html",
                "pdf",
                "docx",
                "files_status",
                "files_progress",
                "files_error",
            ),
        )
