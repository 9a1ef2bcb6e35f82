"""API tokens: a key for one user in one SWV, with scopes. Only a hash of the key is stored."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.core.models import ScopedManager, ScopedQuerySet, ScopedRows

KEY_PREFIX = "koers_"


class Scope(models.TextChoices):
    PLANS = "plans:read", _("Plannen lezen (plannen, jaarplannen, activiteiten, voortgang)")
    ORGANISATIONS = "organisations:read", _("Organisatie lezen (besturen, scholen, medewerkers, gremia)")
    MONITORING = "monitoring:read", _("Monitoring lezen (metingen van indicatoren, maten)")


# the permission (accounts.roles) a scope needs: a token never reaches further than its holder's role
SCOPE_PERMISSIONS = {
    Scope.PLANS: "plan.view",
    Scope.ORGANISATIONS: "organisations.view",
    Scope.MONITORING: "monitoring.view_aggregate",
}


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenQuerySet(ScopedQuerySet):
    def active(self):
        now = timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )


class ApiToken(ScopedRows, models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("gebruiker")
    )
    swv = models.ForeignKey(
        "organisations.Swv", on_delete=models.CASCADE, related_name="+", verbose_name=_("samenwerkingsverband")
    )
    name = models.CharField(
        _("naam"), max_length=100, help_text=_("Waarvoor u deze sleutel gebruikt, bijv. 'Power BI'.")
    )
    prefix = models.CharField(_("begin van de sleutel"), max_length=16, editable=False)
    key_hash = models.CharField(_("hash van de sleutel"), max_length=64, unique=True, editable=False)
    scopes = models.JSONField(_("rechten"), default=list, help_text=_("Wat deze sleutel mag lezen."))
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("laatst gebruikt op"), null=True, blank=True, editable=False)
    expires_at = models.DateTimeField(_("verloopt op"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)

    # declared first: Django's default manager; authentication looks a key up with it, before its SWV is known
    unscoped = ApiTokenQuerySet.as_manager()
    objects = ScopedManager.from_queryset(ApiTokenQuerySet)()

    class Meta:
        verbose_name = _("API-sleutel")
        verbose_name_plural = _("API-sleutels")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(cls, *, user, swv, name, scopes, expires_at=None):
        """Create a token; returns (token, key). The key is shown once and never stored."""
        key = KEY_PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user,
            swv=swv,
            name=name,
            prefix=key[: len(KEY_PREFIX) + 6],
            key_hash=hash_key(key),
            scopes=sorted(set(scopes)),
            expires_at=expires_at,
        )
        return token, key

    @property
    def is_active(self):
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or self.expires_at > timezone.now()

    @property
    def scope_labels(self):
        labels = dict(Scope.choices)
        return [labels.get(s, s) for s in self.scopes]

    def revoke(self):
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])
