"""{% sso_provider as provider %}: the name of the installation's single sign-on provider, or "" without one."""

from django import template

from koers.accounts import oidc

register = template.Library()


@register.simple_tag
def sso_provider() -> str:
    return oidc.provider_name() if oidc.is_enabled() else ""
