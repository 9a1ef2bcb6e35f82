from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "koers.organisations"
    label = "organisations"
    verbose_name = "Organisaties"

    def ready(self):
        from koers.audit.tracking import track
        from koers.core import uploads
        from koers.organisations.uploads import HANDLER

        uploads.register(HANDLER)
        from koers.organisations import models

        for model in (
            models.Swv,
            models.Gemeente,
            models.Werkgebied,
            models.Schoolbestuur,
            models.School,
            models.Ketenpartner,
            models.Gremium,
            models.StaffMember,
            models.Actor,
        ):
            track(model)
