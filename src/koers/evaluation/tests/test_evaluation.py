"""The evaluation of SPPOH's plan 2021-2025 on the demo: figures against an independent count over the demo rows,
the page, the conclusions and the documents."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from koers.accounts.audience import for_readers
from koers.core.formatting import money
from koers.evaluation import content, documents, services
from koers.evaluation.models import Conclusion
from koers.monitoring.models import PupilCount
from koers.plans.models import Activity, BudgetLine, BudgetRealisation, Indicator, Plan, Theme, YearPlan
from koers.reports.tests.test_document_shapes import docx_all_text, squash
from koers.reports.tests.test_documents import pdf_text
from koers_dev.testing.factories import UserFactory, member


@pytest.fixture(scope="module")
def demo_once(django_db_setup, django_db_blocker):
    """The demo, loaded once for this module inside a transaction that is rolled back afterwards (each test runs
    in a savepoint inside it)."""
    from django.db import transaction

    from koers.demo import setup

    with django_db_blocker.unblock(), transaction.atomic():
        swvs = setup.load()
        yield swvs["SPPOH"].pk
        transaction.set_rollback(True)


@pytest.fixture
def sppoh(demo_once, db):
    return Plan.unscoped.get(swv_id=demo_once, code__startswith="sppoh-osp-")


def _node(payload, theme):
    return next(s for s in payload["sections"] if s["pk"] == theme.pk and s["kind"] == "theme")


def test_the_demo_has_a_jaarplan_per_school_year_with_carried_over_and_dropped_activities(sppoh):
    years = list(YearPlan.unscoped.filter(plan=sppoh).order_by("school_year").values_list("school_year", flat=True))
    assert years == sppoh.school_years == [2021, 2022, 2023, 2024]
    for year in years[1:]:
        carried = Activity.unscoped.filter(year_plan__plan=sppoh, year_plan__school_year=year).exclude(
            carried_over_from=None
        )
        assert carried.exists(), f"{year}: niets overgenomen"
        # only what was open the year before is carried over, and from the year before
        assert all(a.carried_over_from.year_plan.school_year == year - 1 for a in carried)
        assert all(a.carried_over_from.status in Activity.OPEN_STATUSES for a in carried)
    assert Activity.unscoped.filter(year_plan__plan=sppoh, status="vervallen").exists()
    assert BudgetLine.unscoped.filter(budget__year_plan__plan=sppoh).values("budget").distinct().count() == 4


def test_the_evaluation_figures_match_an_independent_count_over_the_demo_rows(sppoh):
    payload = content.evaluation_payload(sppoh, for_readers(sppoh.swv))
    assert payload["years"] == ["2021-2022", "2022-2023", "2023-2024", "2024-2025"]
    statuses = ["afgerond", "loopt", "uitgesteld", "niet_gestart", "vervallen"]
    for theme in Theme.unscoped.filter(plan=sppoh).order_by("order", "pk"):
        node = _node(payload, theme)
        for i, year in enumerate(sppoh.school_years):
            rows = Activity.unscoped.filter(year_plan__plan=sppoh, year_plan__school_year=year, theme=theme)
            counts = Counter(rows.values_list("status", flat=True))
            row = node["activity_years"][i]
            assert row["counts"] == [counts.get(s, 0) for s in statuses], (theme.code, year)
            assert row["taken_over"] == rows.exclude(carried_over_from=None).count()
            assert row["carried_on"] == sum(1 for a in rows if a.carried_over_to.exists())
            assert sorted(row["dropped"]) == sorted(
                rows.filter(status="vervallen").values_list("description", flat=True)
            )
        # the budget per speerpunt per year: lines and realisations summed here, by hand
        budget_row = next(r for r in payload["budget"]["rows"] if r["title"].endswith(theme.title))
        for i, year in enumerate(sppoh.school_years):
            lines = BudgetLine.unscoped.filter(
                budget__year_plan__school_year=year, budget__year_plan__plan=sppoh, theme=theme
            )
            planned = sum((line.amount for line in lines), Decimal(0))
            spent = sum((r.amount for r in BudgetRealisation.unscoped.filter(line__in=lines)), Decimal(0))
            assert budget_row["years"][i] == {"planned": money(planned), "realised": money(spent)}


def test_the_participation_indicator_per_year_is_the_demo_count_against_its_norm(sppoh):
    """Deelname SBO < 2,5%: SBO / (BAO + SBO + SO) on 1 October of each school year, from the demo counts."""
    indicator = Indicator.unscoped.get(plan=sppoh, code="R3.2")
    payload = content.evaluation_payload(sppoh, for_readers(sppoh.swv))
    found = next(i for s in payload["sections"] for i in s["indicators"] if i["pk"] == indicator.pk)
    for year, shown in zip(sppoh.school_years, found["years"], strict=True):
        counts = dict(
            PupilCount.unscoped.filter(swv=sppoh.swv, peiljaar=year, level="swv").values_list("school_type", "count")
        )
        share = Decimal(counts["SBO"] * 100) / Decimal(counts["BO"] + counts["SBO"] + counts["SO"])
        shown_value = Decimal(shown["display"].replace(",", ".").rstrip("%").strip())
        assert abs(shown_value - share) < Decimal("0.01"), year
        assert shown["status"] == ("behaald" if share < Decimal("2.5") else "niet_behaald")
    assert found["chart_svg"].startswith("<svg")


def test_a_conclusion_is_written_changed_and_kept_in_the_history(sppoh):
    from koers.audit.models import HistoryEntry

    user = member(UserFactory(), sppoh.swv, "bureau").user
    theme = Theme.unscoped.filter(plan=sppoh).order_by("order").first()
    first = services.save_conclusion(sppoh, user, theme=theme, text="De basisondersteuning is versterkt.")
    second = services.save_conclusion(
        sppoh, user, theme=theme, text="Versterkt; de middelen blijven.", expected_version=1
    )
    assert first.pk == second.pk and second.version == 2
    with pytest.raises(ValidationError):
        services.save_conclusion(sppoh, user, theme=theme, text="Oud", expected_version=1)
    other_plan_theme = Theme.unscoped.exclude(plan=sppoh).first()
    with pytest.raises(ValidationError):
        services.save_conclusion(sppoh, user, theme=other_plan_theme, text="Elders")
    assert HistoryEntry.objects.filter(object_id=str(second.pk)).count() >= 2
    payload = content.evaluation_payload(sppoh, for_readers(sppoh.swv))
    assert _node(payload, theme)["conclusion"]["text"] == "Versterkt; de middelen blijven."
    assert Conclusion.unscoped.count() == 1


def test_the_evaluation_document_reads_back_as_pdf_and_word(sppoh):
    user = member(UserFactory(), sppoh.swv, "bureau").user
    services.save_conclusion(sppoh, user, text="Het plan heeft veel opgeleverd.")
    payload = content.evaluation_payload(sppoh, for_readers(sppoh.swv))
    pdf = pdf_text(documents.render_pdf(payload))
    docx, _items, _tables = docx_all_text(documents.render_docx(payload))
    expected = ["Evaluatie ondersteuningsplan 2021-2025", "Het plan heeft veel opgeleverd.", "2024-2025"]
    expected += [t.title for t in Theme.unscoped.filter(plan=sppoh)]
    expected += [i.title for i in Indicator.unscoped.filter(plan=sppoh)]
    for what, text in (("PDF", pdf), ("Word", docx)):
        missing = [t for t in expected if squash(t) not in squash(text)]
        assert not missing, f"{what}: ontbreekt {missing[:5]}"
