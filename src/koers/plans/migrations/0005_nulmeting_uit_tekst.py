"""Today's nulmetingen as text become a value with its date where the text says both, and an indicator without
a norm that the plan calls a nulmeting ("Geen norm (nulmeting)") gets the norm kind nulmeting. The starts of
today's activities are read again, so that "Najaar 2017" or "1e helft 2017-2018" get their tertiaal."""

from django.db import migrations
from django.db.models import Q


def forwards(apps, schema_editor):
    from koers.plans.baseline import parse_baseline

    Indicator = apps.get_model("plans", "Indicator")
    for indicator in Indicator.unscoped.exclude(baseline="").filter(baseline_value__isnull=True).order_by("pk"):
        parsed = parse_baseline(indicator.baseline)
        if parsed:
            indicator.baseline_value, indicator.baseline_date = parsed
            indicator.save(update_fields=["baseline_value", "baseline_date"])
    said = Q(norm_text__icontains="nulmeting") | Q(title__icontains="nulmeting") | ~Q(baseline="")
    Indicator.unscoped.filter(said, norm_kind="geen").update(norm_kind="nulmeting")

    from koers.core.periods import parse_start

    Activity = apps.get_model("plans", "Activity")
    for activity in Activity.unscoped.exclude(start_text="").select_related("year_plan").order_by("pk"):
        moment = parse_start(activity.start_text, activity.year_plan.school_year)
        tertiaal = moment.tertiaal.key if moment.tertiaal else ""
        if (activity.start_date, activity.start_tertiaal) != (moment.date, tertiaal):
            activity.start_date, activity.start_tertiaal = moment.date, tertiaal
            activity.save(update_fields=["start_date", "start_tertiaal"])


def backwards(apps, schema_editor):
    Indicator = apps.get_model("plans", "Indicator")
    Indicator.unscoped.filter(norm_kind="nulmeting").update(norm_kind="geen")


class Migration(migrations.Migration):
    dependencies = [("plans", "0004_plannen_van_elke_vorm")]

    operations = [migrations.RunPython(forwards, backwards)]
