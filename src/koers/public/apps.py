from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "koers.public"
    label = "public"
    verbose_name = "Publieke pagina"

    def ready(self):
        from koers.audit.tracking import track
        from koers.public.models import PublicPage

        track(PublicPage)
