"""Forms of the money pages; amounts are read the Dutch way (12.500,00) by ``DutchDecimalField``."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from koers.core.forms import DutchDecimalField
from koers.finance.models import (
    AnnualAccount,
    BudgetedContribution,
    FundedType,
    HealthNorms,
    Provision,
    ProvisionYear,
    Tariff,
)


def _dutch(model, names):
    return dict.fromkeys(names, DutchDecimalField)


class TariffForm(forms.ModelForm):
    class Meta:
        model = Tariff
        fields = ["year", "school_type", "category", "amount", "source"]
        field_classes = _dutch(Tariff, ["amount"])
        help_texts = {"category": _("Leeg voor SBO (één tarief voor elke leerling).")}

    def clean(self):
        data = super().clean()
        if data.get("school_type") in (FundedType.SO, FundedType.VSO) and not data.get("category"):
            self.add_error("category", _("Kies de categorie (laag, midden of hoog) voor SO en VSO."))
        return data


class TariffImportForm(forms.Form):
    file = forms.FileField(label=_("Bestand (Excel of CSV)"))


class ProvisionForm(forms.ModelForm):
    class Meta:
        model = Provision
        fields = ["name", "kind", "provision_type", "category", "provider", "provider_brin6", "register_kind", "note"]

    def __init__(self, *args, swv=None, **kwargs):
        super().__init__(*args, **kwargs)
        if swv is not None:
            self.instance.swv = swv


class ProvisionYearForm(forms.ModelForm):
    class Meta:
        model = ProvisionYear
        fields = ["school_year", "places", "planned_next", "tariff", "tariff_source", "indexation"]
        field_classes = _dutch(ProvisionYear, ["tariff", "indexation"])
        help_texts = {"school_year": _("Het jaar waarin het schooljaar begint: 2025 voor 2025-2026.")}


class BudgetedContributionForm(forms.ModelForm):
    class Meta:
        model = BudgetedContribution
        fields = ["school_type", "category", "pupils", "amount"]
        field_classes = _dutch(BudgetedContribution, ["pupils", "amount"])

    def clean(self):
        data = super().clean()
        if data.get("school_type") in (FundedType.SO, FundedType.VSO) and not data.get("category"):
            self.add_error("category", _("Kies de categorie (laag, midden of hoog) voor SO en VSO."))
        return data


ACCOUNT_AMOUNTS = [
    "fixed_assets",
    "current_assets",
    "cash",
    "equity",
    "private_equity",
    "provisions",
    "long_term_debt",
    "short_term_debt",
    "income",
    "expenses",
]


class AnnualAccountForm(forms.ModelForm):
    class Meta:
        model = AnnualAccount
        fields = ["year", *ACCOUNT_AMOUNTS, "source"]
        field_classes = _dutch(AnnualAccount, ACCOUNT_AMOUNTS)

    def __init__(self, *args, swv=None, **kwargs):
        super().__init__(*args, **kwargs)
        if swv is not None:
            self.instance.swv = swv

    def clean(self):
        data = super().clean()
        names = ["fixed_assets", "current_assets", "equity", "provisions", "long_term_debt", "short_term_debt"]
        if all(data.get(n) is not None for n in names):
            assets = data["fixed_assets"] + data["current_assets"]
            liabilities = data["equity"] + data["provisions"] + data["long_term_debt"] + data["short_term_debt"]
            if assets != liabilities:
                raise forms.ValidationError(
                    _(
                        "De balans sluit niet: de activa (vaste + vlottende) zijn %(a)s, de passiva (eigen vermogen, "
                        "voorzieningen en schulden) %(p)s. Controleer de bedragen."
                    )
                    % {"a": f"{assets:,.2f}".replace(",", " "), "p": f"{liabilities:,.2f}".replace(",", " ")}
                )
        if (
            data.get("cash") is not None
            and data.get("current_assets") is not None
            and data["cash"] > data["current_assets"]
        ):
            self.add_error("cash", _("De liquide middelen zijn een deel van de vlottende activa: niet meer dan die."))
        return data


class HealthNormsForm(forms.ModelForm):
    class Meta:
        model = HealthNorms
        fields = ["solvency_min", "liquidity_min", "resistance_min", "reserve_factor", "reserve_minimum"]
        field_classes = _dutch(HealthNorms, fields)
