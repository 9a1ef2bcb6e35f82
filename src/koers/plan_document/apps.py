from django.apps import AppConfig


class PlanDocumentConfig(AppConfig):
    name = "koers.plan_document"
    label = "plan_document"
    verbose_name = "Het ondersteuningsplan als document"

    def ready(self):
        from koers.plan_document import cli
        from koers.reports.cli_kinds import register

        register("ondersteuningsplan", ("pdf", "docx"), cli.build)
