import pytest
from django.db import transaction

from koers.audit.models import HistoryEntry
from koers.organisations.models import Swv, Werkgebied
from koers.testing.factories import SwvFactory


@pytest.mark.django_db(transaction=True)
def test_deleting_a_whole_swv_keeps_its_history_without_a_dangling_link():
    swv = SwvFactory(code="PO7101")
    gebied = Werkgebied.objects.create(swv=swv, name="Noord")
    with transaction.atomic():  # the foreign keys are checked at commit
        Swv.objects.get(pk=swv.pk).delete()
    assert not Swv.objects.filter(pk=swv.pk).exists()
    deleted = HistoryEntry.objects.filter(action="delete")
    assert deleted.filter(model="organisations.werkgebied", object_id=str(gebied.pk)).exists()
    assert deleted.filter(model="organisations.swv", object_id=str(swv.pk), swv=None).exists()
    assert not HistoryEntry.objects.filter(swv_id=swv.pk).exists()
