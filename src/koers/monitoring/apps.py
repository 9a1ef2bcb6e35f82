from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "koers.monitoring"
    label = "monitoring"
    verbose_name = "Monitoring"
