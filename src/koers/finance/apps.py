from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "koers.finance"
    label = "finance"
    verbose_name = "Geld"

    def ready(self):
        from koers.audit.tracking import track
        from koers.finance import models

        for model in (
            models.Tariff,
            models.Provision,
            models.ProvisionYear,
            models.BudgetedContribution,
            models.AnnualAccount,
            models.HealthNorms,
        ):
            track(model)
