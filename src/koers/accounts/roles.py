"""Roles and what each may do. The roles are shipped as data (migration 0002); the rights live here,
in one table, so that every view, API endpoint and export asks the same question."""

from django.utils.translation import gettext_lazy as _

BEHEERDER = "beheerder"
BUREAU = "bureau"
EIGENAAR = "eigenaar"
SCHOOLBESTUUR = "schoolbestuur"
TOEZICHT = "toezicht"

ROLE_DEFINITIONS = [
    (
        BEHEERDER,
        _("Beheerder"),
        _("Beheert gebruikers en instellingen van het samenwerkingsverband."),
    ),
    (BUREAU, _("Bureau"), _("Doet al het plan- en monitoringswerk.")),
    (EIGENAAR, _("Eigenaar"), _("Werkt de eigen activiteiten bij en leest het plan.")),
    (
        SCHOOLBESTUUR,
        _("Schoolbestuur"),
        _("Leest het plan; ziet monitoringgegevens van de eigen scholen."),
    ),
    (TOEZICHT, _("Toezicht"), _("RvT, RvA, OPR: leest uitgebrachte rapportages en dashboards.")),
]

# permission -> roles that hold it
PERMISSIONS = {
    "plan.view": {BEHEERDER, BUREAU, EIGENAAR, SCHOOLBESTUUR, TOEZICHT},
    "plan.edit": {BEHEERDER, BUREAU},
    "activity.update_own": {BEHEERDER, BUREAU, EIGENAAR},
    "activity.update_any": {BEHEERDER, BUREAU},
    "rounds.manage": {BEHEERDER, BUREAU},
    "organisations.view": {BEHEERDER, BUREAU, EIGENAAR, SCHOOLBESTUUR},
    "organisations.edit": {BEHEERDER, BUREAU},
    "monitoring.view_aggregate": {BEHEERDER, BUREAU, SCHOOLBESTUUR, TOEZICHT},
    "monitoring.view_pupil": {BEHEERDER, BUREAU},
    "monitoring.import": {BEHEERDER, BUREAU},
    "reports.view_issued": {BEHEERDER, BUREAU, EIGENAAR, SCHOOLBESTUUR, TOEZICHT},
    "reports.make": {BEHEERDER, BUREAU},
    "evaluation.view": {BEHEERDER, BUREAU, TOEZICHT},  # the evaluation of an ending plan (koers.evaluation)
    "users.manage": {BEHEERDER},
    "history.view": {BEHEERDER, BUREAU},
    "privacy.manage": {BEHEERDER},  # bewaartermijn, inzage- en verwijderverzoeken (koers.privacy)
}


def role_has(role_code: str | None, permission: str) -> bool:
    if permission not in PERMISSIONS:
        raise KeyError(f"unknown permission {permission}")
    return role_code in PERMISSIONS[permission]
