from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "koers_dev.performance"
    label = "performance"
    verbose_name = "Snelheidsmetingen"
