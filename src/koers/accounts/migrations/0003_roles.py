from django.db import migrations

ROLES = [
    ("beheerder", "Beheerder", "Beheert gebruikers en instellingen van het samenwerkingsverband."),
    ("bureau", "Bureau", "Doet al het plan- en monitoringswerk."),
    ("eigenaar", "Eigenaar", "Werkt de eigen activiteiten bij en leest het plan."),
    (
        "schoolbestuur",
        "Schoolbestuur",
        "Leest het plan; ziet monitoringgegevens van de eigen scholen.",
    ),
    ("toezicht", "Toezicht", "RvT, RvA, OPR: leest uitgebrachte rapportages en dashboards."),
]


def add_roles(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    for code, name, description in ROLES:
        Role.objects.update_or_create(code=code, defaults={"name": name, "description": description})


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_initial")]
    operations = [migrations.RunPython(add_roles, migrations.RunPython.noop)]
