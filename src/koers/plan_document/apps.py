from django.apps import AppConfig


class PlanDocumentConfig(AppConfig):
    name = "koers.plan_document"
    label = "plan_document"
    verbose_name = "Het ondersteuningsplan als document"
