from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "koers.audit"
    label = "audit"
    verbose_name = "Historie"
