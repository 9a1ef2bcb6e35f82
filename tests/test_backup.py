import pytest
from django.core.management import call_command

from koers.plans.models import Plan
from koers_dev.testing.factories import PlanFactory


@pytest.mark.django_db(transaction=True)
def test_backup_restore_round_trip(tmp_path):
    PlanFactory(title="Plan dat terug moet komen")
    target = tmp_path / "koers.backup"
    call_command("backup", "-o", str(target))
    assert target.stat().st_size > 0
    Plan.unscoped.all().delete()
    assert not Plan.unscoped.exists()
    call_command("restore", str(target), "--ja")
    assert Plan.unscoped.filter(title="Plan dat terug moet komen").exists()
