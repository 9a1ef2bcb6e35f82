"""One notion of a draft (issue 16): the status. A plan in concept that was already adopted (``adopted_on`` set,
by the bestuur step of the trajectory before this change) is in force; then no draft may carry a date of
vaststelling."""

from django.db import migrations, models


def adopted_drafts_are_current(apps, schema_editor):
    Plan = apps.get_model("plans", "Plan")
    Plan._base_manager.filter(status="concept", adopted_on__isnull=False).update(status="geldend")


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0005_extra_swv_codes"),
        ("plans", "0008_tijdstippen_van_de_klok"),
    ]

    operations = [
        migrations.RunPython(adopted_drafts_are_current, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="plan",
            constraint=models.CheckConstraint(
                condition=models.Q(("adopted_on__isnull", False), ("status", "concept"), _negated=True),
                name="plan_draft_not_adopted",
            ),
        ),
    ]
