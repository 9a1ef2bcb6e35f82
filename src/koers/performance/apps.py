from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "koers.performance"
    label = "performance"
    verbose_name = "Snelheidsmetingen"
