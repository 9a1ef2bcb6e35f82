"""The money pages and API endpoints in the access matrix (tests/test_access_matrix.py finds this module)."""

from decimal import Decimal

from koers.finance.models import AnnualAccount, Provision
from koers.plans.models import Budget, YearPlan

READ = {"beheerder", "bureau", "eigenaar", "schoolbestuur", "toezicht"}
EDIT = {"beheerder", "bureau"}


def expectations(rule):
    def page(roles, **kwargs):
        return rule(set(roles), kwargs, scoped=bool(kwargs))

    def form(post, **kwargs):
        return rule(set(EDIT), kwargs, scoped=bool(kwargs), methods=("GET", "POST"), post=post)

    account = {
        "year": "2031",
        "fixed_assets": "100",
        "current_assets": "900",
        "cash": "500",
        "equity": "600",
        "private_equity": "0",
        "provisions": "0",
        "long_term_debt": "0",
        "short_term_debt": "400",
        "income": "2000",
        "expenses": "1900",
        "source": "Matrix",
    }
    return {
        "finance:overview": page(READ),
        "finance:network": page(READ),
        "finance:tariffs": page(READ),
        "finance:provision_new": form(
            {"name": "Nieuwe voorziening", "kind": "voorziening", "provision_type": "SBO", "provider": "Bestuur"}
        ),
        "finance:provision_edit": form({"name": "Gewijzigd", "provider": "Bestuur"}, pk="finance_provision"),
        "finance:provision_year": form(
            {"school_year": "2031", "places": "10", "tariff": "100", "tariff_source": "Matrix"}, pk="finance_provision"
        ),
        "finance:tariff_new": form(
            {"year": "2031", "school_type": "SO", "category": "L", "amount": "100", "source": "Matrix"}
        ),
        # without a file the form is shown again with its error: 200
        "finance:tariff_import": rule(set(EDIT), {}, scoped=False, methods=("GET", "POST"), post_ok=(200,)),
        "finance:account_new": form(account),
        "finance:account_import": rule(set(EDIT), {}, scoped=False, methods=("GET", "POST"), post_ok=(200,)),
        "finance:account_edit": form({**account, "year": "2032"}, pk="finance_account"),
        "finance:norms": form({"solvency_min": "0,4"}),
        "finance:contribution_edit": form(
            {"school_type": "SO", "category": "L", "pupils": "3", "amount": "100"}, pk="finance_year_plan"
        ),
    }


def world(swv, world):
    year_plan = YearPlan.unscoped.get(pk=world["year_plan"])
    if not Budget.unscoped.filter(year_plan=year_plan).exists():
        Budget.unscoped.create(swv=swv, year_plan=year_plan, total=Decimal("1000"))
    provision = Provision.unscoped.create(
        swv=swv, name="SBO Matrix", provision_type="SBO", provider="Bestuur Matrix", kind="voorziening"
    )
    account = AnnualAccount.unscoped.create(
        swv=swv, year=2030, equity=Decimal("1"), current_assets=Decimal("1"), income=Decimal("1"), expenses=0,
        source="Matrix",
    )  # fmt: skip
    return {"finance_provision": provision.pk, "finance_account": account.pk, "finance_year_plan": year_plan.pk}
