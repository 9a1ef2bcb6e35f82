from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "koers.plans"
    label = "plans"
    verbose_name = "Plannen"

    def ready(self):
        from django.core.checks import register

        from koers.audit.tracking import track
        from koers.plans import models
        from koers.plans.checks import site_url_set

        register(site_url_set)

        from koers.core import uploads
        from koers.plans.io.uploads import HANDLER

        uploads.register(HANDLER)

        for model in (
            models.Plan,
            models.Theme,
            models.Goal,
            models.Indicator,
            models.MainActivity,
            models.YearPlan,
            models.Activity,
            models.Budget,
            models.BudgetLine,
            models.BudgetRealisation,
            models.PortfolioEntry,
            models.Adoption,
            models.UpdateRound,
        ):
            track(model)
