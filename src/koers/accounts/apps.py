from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "koers.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from koers.accounts import models
        from koers.audit.tracking import track

        track(models.User, exclude=("password", "last_login"))
        track(models.Membership)
        track(models.Invitation, exclude=("token_hash",))
