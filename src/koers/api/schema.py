"""OpenAPI descriptions of Koers's own authentication classes (drf-spectacular extensions)."""

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "koers.api.authentication.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "Een API-sleutel (begint met koers_), aan te maken op de pagina API-sleutels in Koers. "
            "Stuur hem mee als `Authorization: Bearer koers_…`.",
        }


class KoersSessionScheme(OpenApiAuthenticationExtension):
    target_class = "koers.api.authentication.SessionAuthentication"
    name = "sessie"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "cookie",
            "name": settings.SESSION_COOKIE_NAME,
            "description": "De sessie van wie in Koers is ingelogd (voor de documentatie in de browser).",
        }
