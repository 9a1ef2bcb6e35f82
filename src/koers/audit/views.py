from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render

from koers.audit.models import HistoryEntry
from koers.core.access import require
from koers.core.models import SwvOwned


@require("history.view")
def history(request, model, object_id):
    """The change history of one object of the current SWV."""
    try:
        model_class = apps.get_model(model)
    except (LookupError, ValueError) as exc:
        raise Http404 from exc
    if model_class._meta.label_lower == "organisations.swv":
        obj = model_class._default_manager.filter(pk=request.swv.pk, pk__in=[object_id]).first()
    elif issubclass(model_class, SwvOwned):
        scoped = model_class.objects.restrict(request.audience)
        obj = scoped.filter(pk=object_id).first() if object_id.isdecimal() else None
    else:
        raise PermissionDenied
    if obj is None:
        raise Http404
    entries = HistoryEntry.objects.filter(model=model_class._meta.label_lower, object_id=str(obj.pk)).select_related(
        "user"
    )
    return render(request, "audit/history.html", {"object": obj, "entries": entries})
