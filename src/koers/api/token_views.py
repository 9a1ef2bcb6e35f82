"""The page where a user makes and revokes their API tokens for the current SWV."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from koers.api.forms import TokenForm
from koers.api.models import ApiToken
from koers.core.access import require


@never_cache
@require("plan.view")
def tokens(request):
    form = TokenForm(request.POST or None, membership=request.membership)
    new_key = None
    if request.method == "POST" and form.is_valid():
        token, new_key = ApiToken.issue(
            user=request.user,
            swv=request.swv,
            name=form.cleaned_data["name"],
            scopes=form.cleaned_data["scopes"],
            expires_at=form.expires_at,
        )
        form = TokenForm(membership=request.membership)
    own = ApiToken.objects.restrict(request.audience).filter(user=request.user)
    context = {"form": form, "tokens": own, "new_key": new_key, "nav": "api"}
    return render(request, "api/tokens.html", context, status=201 if new_key else 200)


@require_POST
@require("plan.view")
def revoke(request, pk):
    token = get_object_or_404(ApiToken.objects.restrict(request.audience), pk=pk, user=request.user)
    token.revoke()
    messages.success(request, _("De sleutel '%(name)s' is ingetrokken.") % {"name": token.name})
    return redirect("api:tokens")
