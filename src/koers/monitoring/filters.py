"""Filters of the register pages (django-filter): search by number, school, period, a choice per register, and
sorting by column. The queryset they get is already restricted to the reader's audience (ADR 0011)."""

import django_filters as filters
from django import forms
from django.utils.translation import gettext_lazy as _

from koers.monitoring.models import Arrangement, FundedPupil, Terugplaatsing, Tlv, VerzuimMelding

PAGE_SIZE = 50


class RegisterFilter(filters.FilterSet):
    """Shared part: ``q`` searches the register's own number, ``school`` the school's BRIN6, ``van``/``tot`` the
    register's main date. A subclass names ``number_field``, ``date_field`` and its sortable columns."""

    number_field = "number"
    date_field = "date"
    sortable: tuple[str, ...] = ()

    q = filters.CharFilter(method="search", label=_("Zoek op nummer"))
    school = filters.CharFilter(method="by_school", label=_("School (BRIN6)"))
    van = filters.DateFilter(method="date_from", label=_("Vanaf"), widget=forms.DateInput(attrs={"type": "date"}))
    tot = filters.DateFilter(method="date_to", label=_("Tot en met"), widget=forms.DateInput(attrs={"type": "date"}))

    def search(self, queryset, name, value):
        return queryset.filter(**{f"{self.number_field}__icontains": value.strip()})

    def by_school(self, queryset, name, value):
        return queryset.filter(**{f"{self._meta.model.school_field}__iexact": value.strip()})

    def date_from(self, queryset, name, value):
        return queryset.filter(**{f"{self.date_field}__gte": value})

    def date_to(self, queryset, name, value):
        return queryset.filter(**{f"{self.date_field}__lte": value})

    @classmethod
    def sort_fields(cls):
        return cls.sortable

    def sorted_qs(self, sort):
        """The filtered rows in the order of ``sort`` (a column, ``-`` before it for descending); always ending on
        the id, so that a page holds the same rows on every database."""
        field = sort.removeprefix("-")
        if field not in self.sortable:
            return self.qs.order_by("-id"), ""
        desc = sort.startswith("-")
        return self.qs.order_by(sort, "-id" if desc else "id"), sort


class TlvFilter(RegisterFilter):
    number_field = "dossiernummer"
    date_field = "ontvangstdatum"
    sortable = ("dossiernummer", "brin6", "ontvangstdatum", "besluitdatum", "besluit")
    besluit = filters.ChoiceFilter(choices=Tlv.Besluit.choices, label=_("Besluit"))

    class Meta:
        model = Tlv
        fields = []


class ArrangementFilter(RegisterFilter):
    date_field = "start"
    sortable = ("number", "kind", "brin6", "start", "end", "cost")

    class Meta:
        model = Arrangement
        fields = []


class VerzuimFilter(RegisterFilter):
    number_field = "meldingnummer"
    date_field = "since"
    sortable = ("meldingnummer", "soort", "since", "end", "brin6")
    soort = filters.ChoiceFilter(choices=VerzuimMelding.Soort.choices, label=_("Soort"))
    thuiszitter = filters.BooleanFilter(
        label=_("Thuiszitter"),
        widget=forms.Select(choices=[("", _("alle")), ("true", _("ja")), ("false", _("nee"))]),
    )

    class Meta:
        model = VerzuimMelding
        fields = []


class TerugplaatsingFilter(RegisterFilter):
    sortable = ("number", "from_type", "from_brin6", "to_brin6", "date")

    class Meta:
        model = Terugplaatsing
        fields = []


class FundedPupilFilter(RegisterFilter):
    number_field = "beschikkingsnummer"
    date_field = "peildatum"
    sortable = ("beschikkingsnummer", "categorie", "brin6", "school_type", "peildatum", "binnen")

    class Meta:
        model = FundedPupil
        fields = []


FILTERS = {
    "tlv": TlvFilter,
    "arrangement": ArrangementFilter,
    "verzuim": VerzuimFilter,
    "terugplaatsing": TerugplaatsingFilter,
    "bekostigd": FundedPupilFilter,
}
