"""The one filter of jaaractiviteiten (django-filter): the jaarplan page (the tree with its filters) and the API's
``/api/v1/activiteiten/`` use this class, so the same query string gives the same activities in both.

The queryset it gets is already scoped (``restrict(audience)`` in the API, the jaarplan's SWV on the page). On the
page (``year_plan=`` given) the form shows the choices of that jaarplan and leaves out what only the API needs
(ids of a jaarplan, plan, doel, hoofdactiviteit or betrokkene)."""

import django_filters as filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from koers.core import clock
from koers.core.filters import IdFilter, SelectOne, TertiaalFilter
from koers.core.periods import Tertiaal, tertiaal_period, tertialen_of_school_year
from koers.plans import selectors
from koers.plans.models import Activity

NO_TERTIAAL = "geen"  # the start filter's choice for starts that name no moment ("doorlopend")
LATE = "te_laat"
API_ONLY = ("year_plan", "plan", "goal", "main_activity", "involved")


def _tertiaal_choices(years):
    return [(t.key, str(t)) for year in years for t in (Tertiaal(year, n) for n in (1, 2, 3))]


class StartFilter(TertiaalFilter):
    """The tertiaal an activity starts in, or ``geen``: a start that names no moment ("doorlopend")."""

    def filter(self, qs, value):
        if value == NO_TERTIAAL:
            return qs.filter(**{self.field_name: ""})
        return super().filter(qs, value)


class ActivityFilter(filters.FilterSet):
    q = filters.CharFilter(method="search", label=_("Zoeken"), help_text="Zoek in omschrijving en code.")
    owner = IdFilter(
        field_name="owner_id", label=_("Eigenaar"), help_text="Id van de eigenaar (zie /api/v1/eigenaren/)."
    )
    stand = TertiaalFilter(
        method="as_of",
        label=_("Status op"),
        help_text="Status en 'te laat' zoals aan het eind van dit tertiaal, bijv. 2024-T3 (leeg: nu).",
    )
    status = filters.MultipleChoiceFilter(
        method="by_status",
        choices=[*Activity.Status.choices, (LATE, _("Te laat"))],
        label=_("Status"),
        help_text="Status (of te_laat); herhaal de parameter voor meer statussen.",
    )
    priority = filters.BooleanFilter(
        label=_("Prioriteit"),
        help_text="Alleen activiteiten met (true) of zonder (false) prioriteit.",
        widget=forms.Select(
            choices=[("", _("Alle")), ("true", _("Alleen prioriteit")), ("false", _("Zonder prioriteit"))]
        ),
    )
    start_tertiaal = StartFilter(
        field_name="start_tertiaal",
        label=_("Start in tertiaal"),
        help_text="Tertiaal van de start, bijv. 2024-T3; geen: doorlopend, zonder tertiaal.",
    )
    theme = IdFilter(
        method="by_theme", label=_("Thema"), help_text="Id van het thema (ook via doel of hoofdactiviteit)."
    )
    year_plan = IdFilter(field_name="year_plan_id", help_text="Id van het jaarplan.")
    plan = IdFilter(field_name="year_plan__plan_id", help_text="Id van het ondersteuningsplan.")
    goal = IdFilter(field_name="goal_id", help_text="Id van het doel.")
    main_activity = IdFilter(field_name="main_activity_id", help_text="Id van de hoofdactiviteit.")
    involved = IdFilter(field_name="involved", help_text="Id van een betrokkene (zie /api/v1/eigenaren/).")

    class Meta:
        model = Activity
        fields = []

    def __init__(self, data=None, queryset=None, *, year_plan=None, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.year_plan = year_plan
        if year_plan is not None:
            self._for_page(year_plan)

    def _for_page(self, year_plan):
        """The form of the jaarplan page: selects with this jaarplan's choices, no API-only ids."""
        from koers.organisations.models import Actor
        from koers.plans.models import Theme

        for name in API_ONLY:
            del self.filters[name]
        all_ = [("", _("Alle"))]
        owners = Actor.objects.for_swv(year_plan.swv_id).filter(owned_activities__year_plan=year_plan).distinct()
        themes = Theme.objects.for_swv(year_plan.swv_id).filter(plan=year_plan.plan)
        # on the form's own fields (never on the filters, whose field django-filter may have cached and shares)
        fields = self.form.fields
        fields["owner"].widget = forms.Select(choices=all_ + [(a.pk, str(a)) for a in owners])
        fields["theme"].widget = forms.Select(choices=all_ + [(t.pk, str(t)) for t in themes])
        fields["theme"].label = year_plan.plan.theme_label
        fields["status"].widget = SelectOne(choices=all_ + list(fields["status"].choices))
        fields["stand"].widget = forms.Select(
            choices=[("", _("Nu"))] + [(t.key, str(t)) for t in tertialen_of_school_year(year_plan.school_year)]
        )
        fields["start_tertiaal"].widget = forms.Select(
            choices=all_
            + _tertiaal_choices([year_plan.school_year, year_plan.school_year + 1])
            + [(NO_TERTIAAL, _("Doorlopend / geen tertiaal"))]
        )
        for name in ("q", "owner", "status", "priority", "start_tertiaal", "theme"):
            fields[name].help_text = ""  # the API's explanations, not the page's
        fields["stand"].help_text = _("Toon de status zoals die was aan het eind van een tertiaal.")

    @property
    def tertiaal(self) -> Tertiaal | None:
        """The tertiaal of ``stand`` (valid), or None: the status now."""
        value = self.form.cleaned_data.get("stand") if self.is_bound and self.form.is_valid() else None
        try:
            return Tertiaal.parse(value) if value else None
        except (ValueError, TypeError, AttributeError):
            return None

    def filter_queryset(self, queryset):
        # the status as of the end of the chosen tertiaal (``stand``), as the dashboard and the report count it;
        # first, so that status and "te laat" filter on it
        tertiaal = self.tertiaal
        if tertiaal is not None:
            queryset = selectors.with_status_at(queryset, tertiaal)
        return super().filter_queryset(queryset)

    def search(self, queryset, name, value):
        return queryset.filter(Q(description__icontains=value) | Q(code__icontains=value))

    def as_of(self, queryset, name, value):
        return queryset  # applied first, in filter_queryset

    def by_status(self, queryset, name, values):
        if not values:
            return queryset
        tertiaal = self.tertiaal
        field = "status_at" if tertiaal is not None else "status"
        query = Q(**{f"{field}__in": [v for v in values if v != LATE]})
        if LATE in values:  # open and past the deadline, as selectors.late_activities (on the day of the stand)
            on = tertiaal_period(tertiaal, clock.today()).measured_until if tertiaal else clock.today()
            query |= Q(**{f"{field}__in": Activity.OPEN_STATUSES}, deadline__lt=on)
        return queryset.filter(query)

    def by_theme(self, queryset, name, value):
        return queryset.filter(
            Q(theme_id=value)
            | Q(goal__theme_id=value)
            | Q(main_activity__theme_id=value)
            | Q(main_activity__goal__theme_id=value)
        )

    @property
    def active(self) -> bool:
        """A filter is chosen (the page then shows the tree pruned and open)."""
        if not self.is_bound or not self.form.is_valid():
            return False
        return any(v not in (None, "", []) for v in self.form.cleaned_data.values())
