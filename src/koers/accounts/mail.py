"""E-mail from the accounts app: plain text, links on the site URL, sent only after the transaction commits."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string


def site_url(path: str) -> str:
    """An absolute link for an e-mail: ``settings.SITE_URL`` (KOERS_SITE_URL), never the request's Host header."""
    return settings.SITE_URL.rstrip("/") + path


def send_text_mail(subject: str, template: str, context: dict, to: list[str]):
    """Render ``template`` (a .txt template inside ``{% autoescape off %}``) and send it once the current
    transaction commits: a rolled-back change sends nothing, and no mail server is waited for inside it."""
    body = render_to_string(template, context)
    recipients = [address for address in to if address]
    if not recipients:
        return
    transaction.on_commit(lambda: send_mail(subject, body, None, recipients))
