from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koers.core import clock
from koers.core.access import require
from koers.core.audience import Audience
from koers.core.normalise import normalise_swv_code
from koers.organisations.models import Swv
from koers.plans.models import Plan
from koers.plans.selectors import current_year_plan, plan_tree
from koers.public import services
from koers.public.figures import available_figures, figures_for
from koers.public.models import PublicPage
from koers.trajectory.public import public_section


class PublicPageForm(forms.ModelForm):
    measures = forms.MultipleChoiceField(
        label=gettext_lazy("Kerncijfers"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Alleen totalen; aantallen onder de afschermgrens worden niet getoond."),
    )

    class Meta:
        model = PublicPage
        fields = ["published", "introduction", "plan", "show_goals", "measures", "contact"]
        widgets = {"introduction": forms.Textarea(attrs={"rows": 5}), "contact": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, swv, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = Plan.objects.for_swv(swv)
        self.fields["measures"].choices = available_figures(swv)


def public_page(request, code):
    """The public page of one SWV: no login, only what the SWV chose to publish."""
    try:
        swv = Swv.objects.get(code=normalise_swv_code(code))
    except (ValueError, Swv.DoesNotExist) as exc:
        raise Http404 from exc
    audience = Audience.public(swv)
    page = PublicPage.objects.restrict(audience).filter(published=True).select_related("plan").first()
    if page is None:
        raise Http404
    tree = plan_tree(page.plan) if page.plan else None
    year_plan = current_year_plan(swv)
    context = {
        "swv": swv,
        "page": page,
        "tree": tree,
        "figures": figures_for(page, year_plan, audience),
        "contact": page.contact or swv.steunpunt_contact,
        "today": clock.today(),
        "trajectory_section": public_section(swv),
    }
    return render(request, "public/page.html", context)


@require("plan.edit")
def settings_view(request):
    page = PublicPage.objects.restrict(request.audience).first() or PublicPage(swv=request.swv)
    form = PublicPageForm(request.POST or None, instance=page, swv=request.swv)
    if request.method == "POST" and form.is_valid():
        services.save_settings(form, request.user)
        messages.success(request, _("De instellingen van de publieke pagina zijn opgeslagen."))
        return redirect("public:settings")
    return render(request, "public/settings.html", {"form": form, "page": page, "nav": "public"})
