"""The Django admin (/systeembeheer/) asks the same two-factor question as every other page."""

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig

from koers.accounts.twofactor import needs_second_factor


class KoersAdminSite(AdminSite):
    site_header = "Koers – systeembeheer"
    site_title = "Koers systeembeheer"

    def has_permission(self, request):
        return super().has_permission(request) and not needs_second_factor(request)


class KoersAdminConfig(AdminConfig):
    default_site = "koers.accounts.admin_site.KoersAdminSite"
