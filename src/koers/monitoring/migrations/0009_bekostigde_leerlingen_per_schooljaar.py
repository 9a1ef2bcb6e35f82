"""DUO's list of funded pupils per school year: existing rows get the school year of their peildatum (the year they
were imported for), and the beschikkingsnummer is unique per school year instead of per SWV."""

from django.db import migrations, models


def school_year_of(day):
    return day.year if day.month >= 8 else day.year - 1


def assign_years(apps, schema_editor):
    FundedPupil = apps.get_model("monitoring", "FundedPupil")
    rows = FundedPupil.unscoped
    for day in rows.order_by("peildatum").values_list("peildatum", flat=True).distinct():
        rows.filter(peildatum=day).update(school_year=school_year_of(day))


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0008_grensverkeer_en_bekostigde_leerlingen")]

    operations = [
        migrations.AddField(
            model_name="fundedpupil",
            name="school_year",
            field=models.PositiveSmallIntegerField(null=True, verbose_name="schooljaar van de lijst (beginjaar)"),
        ),
        migrations.RunPython(assign_years, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="fundedpupil",
            name="school_year",
            field=models.PositiveSmallIntegerField(verbose_name="schooljaar van de lijst (beginjaar)"),
        ),
        migrations.RemoveConstraint(model_name="fundedpupil", name="uniq_fundedpupil_per_swv"),
        migrations.AddConstraint(
            model_name="fundedpupil",
            constraint=models.UniqueConstraint(
                fields=("swv", "school_year", "beschikkingsnummer"), name="uniq_fundedpupil_per_swv_year"
            ),
        ),
    ]
