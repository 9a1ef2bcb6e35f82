"""`koers check`: settings the plan cycle needs to work as users expect."""

from django.core.checks import Warning as CheckWarning


def site_url_set(app_configs=None, **kwargs):
    """Round mails link to each activity; without KOERS_SITE_URL those links are paths only."""
    from koers.plans.round_status import site_url_missing

    if not site_url_missing():
        return []
    return [
        CheckWarning(
            "KOERS_SITE_URL is niet ingesteld: de links in verzoeken en herinneringen van voortgangsrondes zijn geen "
            "volledige webadressen.",
            hint="Stel KOERS_SITE_URL in op het adres van Koers, bijvoorbeeld https://koers.uw-swv.nl.",
            id="koers.W001",
        )
    ]
