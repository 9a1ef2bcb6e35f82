from koers.accounts.models import Notification


def notify(user, subject: str, body: str = "", link: str = "") -> Notification:
    return Notification.objects.create(user=user, subject=subject[:250], body=body, link=link[:500])
