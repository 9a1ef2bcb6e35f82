from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "koers.privacy"
    verbose_name = "Privacy"
