"""Before e-mail addresses become unique: one account keeps a shared address, the others get an empty one.

The account that logged in most recently keeps it (then the newest account). The change is written to the history
so a beheerder can see why an address is gone. Plain Python over the rows: works on SQLite and PostgreSQL.
"""

from django.db import migrations

REASON = "E-mailadres was ook van een ander account; het account dat het laatst inlogde houdt het (ADR 0010)."


def _key(user):
    # most recent login first; never logged in last; then the newest account
    return (user.last_login is not None, user.last_login.timestamp() if user.last_login else 0, user.pk)


def dedupe(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    HistoryEntry = apps.get_model("audit", "HistoryEntry")
    groups = {}
    for user in User.objects.exclude(email="").only("pk", "email", "last_login", "username"):
        groups.setdefault(user.email.strip().lower(), []).append(user)
    for users in groups.values():
        if len(users) < 2:
            continue
        users.sort(key=_key, reverse=True)
        for user in users[1:]:
            old = user.email
            User.objects.filter(pk=user.pk).update(email="")
            HistoryEntry.objects.create(
                model="accounts.user",
                object_id=str(user.pk),
                object_repr=user.username[:300],
                action="update",
                changes={"email": [old, ""]},
                username="systeem",
                reason=REASON,
            )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_roles"), ("audit", "0002_history_ip_address")]
    operations = [migrations.RunPython(dedupe, migrations.RunPython.noop)]
