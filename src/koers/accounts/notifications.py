from django.conf import settings
from django.core.mail import send_mail

from koers.accounts.models import Notification


def notify(user, subject: str, body: str = "", link: str = "") -> Notification:
    return Notification.objects.create(user=user, subject=subject[:250], body=body, link=link[:500])


def notify_and_mail(user, subject: str, body: str, link: str = "", mail_body: str = "") -> Notification:
    """A notification in Koers, and the same as a plain-text e-mail to a user who wants notifications by e-mail
    (``email_notifications``, on "Mijn instellingen"). Call it after the transaction has committed."""
    notification = notify(user, subject, body, link)
    if user.email and user.email_notifications:
        send_mail(subject, mail_body or body, settings.DEFAULT_FROM_EMAIL, [user.email])
    return notification
