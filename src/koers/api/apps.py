from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "koers.api"
    label = "api"
    verbose_name = "API"

    def ready(self):
        from koers.api import schema  # noqa: F401  (registers the OpenAPI extension of the token authentication)
        from koers.api.models import ApiToken
        from koers.audit.tracking import track

        track(ApiToken, exclude=("key_hash", "last_used_at", "created_at"))
