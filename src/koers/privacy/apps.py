from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "koers.privacy"
    verbose_name = "Privacy"

    def ready(self):
        from koers.audit.tracking import track
        from koers.privacy.models import Bewaartermijn

        track(Bewaartermijn)
