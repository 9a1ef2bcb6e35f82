from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koers.accounts.forms import LoginForm, ProfileForm
from koers.core.middleware import SESSION_KEY


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


@require_POST
@login_required
def switch_swv(request):
    membership = get_object_or_404(request.user.memberships.select_related("swv"), swv_id=request.POST.get("swv"))
    request.session[SESSION_KEY] = membership.swv_id
    messages.success(request, _("U werkt nu in %(swv)s.") % {"swv": membership.swv})
    return redirect("core:home")


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Uw instellingen zijn opgeslagen."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})
