from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "koers.plans"
    label = "plans"
    verbose_name = "Plannen"

    def ready(self):
        from koers.audit.tracking import track
        from koers.plans import models

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
