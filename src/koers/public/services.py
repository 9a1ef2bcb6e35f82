"""State changes of the public page."""

from django.db import transaction

from koers.audit.context import acting_as


@transaction.atomic
def save_settings(form, user):
    """The settings of the SWV's public page (a ``PublicPageForm``); the history records who changed them."""
    with acting_as(user):
        return form.save()
