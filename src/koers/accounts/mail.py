"""E-mail from Koers: plain text, links on the site URL, sent only after the transaction commits.

Every Koers e-mail is plain text. Its templates (``*/mail/*.txt``) are rendered by :func:`render_text`, with
autoescaping off whatever the template says: an apostrophe stays an apostrophe ("TLV's", not "TLV&#x27;s").
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template import Context
from django.template.loader import get_template


def site_url(path: str) -> str:
    """An absolute link for an e-mail: ``settings.SITE_URL`` (KOERS_SITE_URL), never the request's Host header."""
    return settings.SITE_URL.rstrip("/") + path


def render_text(template: str, context: dict) -> str:
    """The plain text of a mail template, with autoescaping off: e-mail is not HTML, so nothing is escaped."""
    return get_template(template).template.render(Context(context, autoescape=False))


def send_text_mail(subject: str, template: str, context: dict, to: list[str]):
    """Render ``template`` as plain text (:func:`render_text`) and send it once the current transaction commits:
    a rolled-back change sends nothing, and no mail server is waited for inside it."""
    body = render_text(template, context)
    recipients = [address for address in to if address]
    if not recipients:
        return
    transaction.on_commit(lambda: send_mail(subject, body, None, recipients))
