"""The kinds of records in the organisation registry: one list/detail/form/delete flow serves them all."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from koers.organisations import forms
from koers.organisations.models import (
    Actor,
    Gemeente,
    Gremium,
    Ketenpartner,
    School,
    Schoolbestuur,
    StaffMember,
    Werkgebied,
)


@dataclass(frozen=True)
class Col:
    key: str
    label: str
    kind: str = "text"


@dataclass(frozen=True)
class Filter:
    name: str
    label: str
    lookup: str
    choices: object  # callable(swv) -> list of (value, label)


@dataclass(frozen=True)
class Kind:
    slug: str
    model: type
    form: type
    title: str
    plural: str
    columns: list
    values: object  # callable(obj) -> dict of column key -> value
    search: tuple
    empty: str
    filters: list = field(default_factory=list)
    related: tuple = ()
    ordering: tuple = ("name",)

    def queryset(self, swv):
        qs = self.model.objects.for_swv(swv).order_by(*self.ordering)
        if self.related:
            qs = qs.select_related(*self.related)
        if self.model in (Schoolbestuur, Werkgebied, Gemeente):
            qs = qs.annotate(n_schools=Count("schools"))
        if self.model is Actor:
            qs = qs.prefetch_related("users")
        return qs

    def search_q(self, text):
        query = Q()
        for lookup in self.search:
            query |= Q(**{f"{lookup}__icontains": text})
        return query


def _choices(model, **extra):
    return lambda swv: [(str(o.pk), str(o)) for o in model.objects.for_swv(swv).filter(**extra)]


def _static(choices):
    return lambda swv: [(str(v), str(label)) for v, label in choices]


def _schools(obj):
    count = getattr(obj, "n_schools", None)
    return obj.schools.count() if count is None else count


def _name(obj):
    return str(obj) if obj else ""


KINDS = {
    k.slug: k
    for k in [
        Kind(
            "scholen", School, forms.SchoolForm, _("school"), _("Scholen"),
            [Col("brin6", _("BRIN6")), Col("name", _("Naam")), Col("type", _("Soort")),
             Col("bestuur", _("Schoolbestuur")), Col("werkgebied", _("Werkgebied of kern")),
             Col("gemeente", _("Gemeente")), Col("address", _("Adres")), Col("postcode", _("Postcode")),
             Col("city", _("Plaats"))],
            lambda o: {"brin6": o.brin6, "name": o.name, "type": o.school_type, "bestuur": _name(o.bestuur),
                       "werkgebied": _name(o.werkgebied), "gemeente": _name(o.gemeente), "address": o.address,
                       "postcode": o.postcode, "city": o.city},
            ("name", "brin6", "city", "bestuur__name"),
            _("Nog geen scholen. Voeg een school toe of importeer het adressenbestand van DUO."),
            [Filter("soort", _("Soort"), "school_type", _static(School.Type.choices)),
             Filter("bestuur", _("Schoolbestuur"), "bestuur_id", _choices(Schoolbestuur)),
             Filter("werkgebied", _("Werkgebied of kern"), "werkgebied_id", _choices(Werkgebied)),
             Filter("gemeente", _("Gemeente"), "gemeente_id", _choices(Gemeente))],
            ("bestuur", "werkgebied", "gemeente"),
        ),
        Kind(
            "besturen", Schoolbestuur, forms.SchoolbestuurForm, _("schoolbestuur"), _("Schoolbesturen"),
            [Col("bevoegd_gezag", _("Bevoegd gezag")), Col("name", _("Naam")), Col("schools", _("Scholen"), "number")],
            lambda o: {"bevoegd_gezag": o.bevoegd_gezag, "name": o.name, "schools": _schools(o)},
            ("name", "bevoegd_gezag"),
            _("Nog geen schoolbesturen. Voeg er een toe of importeer het adressenbestand van DUO."),
        ),
        Kind(
            "werkgebieden", Werkgebied, forms.WerkgebiedForm, _("werkgebied"), _("Werkgebieden"),
            [Col("name", _("Naam")), Col("description", _("Toelichting")), Col("schools", _("Scholen"), "number")],
            lambda o: {"name": o.name, "description": o.description, "schools": _schools(o)},
            ("name", "description"),
            _("Nog geen werkgebieden. Voeg een werkgebied, kern of wijk toe als u scholen wilt groeperen."),
        ),
        Kind(
            "gemeenten", Gemeente, forms.GemeenteForm, _("gemeente"), _("Gemeenten"),
            [Col("name", _("Naam")), Col("cbs_code", _("CBS-code")), Col("schools", _("Scholen"), "number")],
            lambda o: {"name": o.name, "cbs_code": o.cbs_code, "schools": _schools(o)},
            ("name", "cbs_code"),
            _("Nog geen gemeenten. Voeg er een toe; bij een DUO-import komen ze er vanzelf bij."),
        ),
        Kind(
            "ketenpartners", Ketenpartner, forms.KetenpartnerForm, _("ketenpartner"), _("Ketenpartners"),
            [Col("name", _("Naam")), Col("kind", _("Soort")), Col("contact", _("Contact"))],
            lambda o: {"name": o.name, "kind": o.get_kind_display(), "contact": o.contact},
            ("name", "contact"),
            _("Nog geen ketenpartners. Voeg bijvoorbeeld het jeugdteam of leerplicht toe."),
            [Filter("soort", _("Soort"), "kind", _static(Ketenpartner.Kind.choices))],
        ),
        Kind(
            "gremia", Gremium, forms.GremiumForm, _("gremium"), _("Gremia"),
            [Col("name", _("Naam")), Col("kind", _("Soort"))],
            lambda o: {"name": o.name, "kind": o.get_kind_display()},
            ("name",),
            _("Nog geen gremia. Voeg bijvoorbeeld de Raad van Toezicht en de Ondersteuningsplanraad toe."),
            [Filter("soort", _("Soort"), "kind", _static(Gremium.Kind.choices))],
        ),
        Kind(
            "medewerkers", StaffMember, forms.StaffMemberForm, _("medewerker"), _("Medewerkers"),
            [Col("name", _("Naam")), Col("function", _("Functie")), Col("email", _("E-mailadres")),
             Col("user", _("Gebruiker")), Col("active", _("Actief"))],
            lambda o: {"name": o.name, "function": o.function, "email": o.email, "user": _name(o.user),
                       "active": _("ja") if o.active else _("nee")},
            ("name", "function", "email"),
            _("Nog geen medewerkers. Voeg de medewerkers van het bureau toe met hun functie."),
            [Filter("actief", _("Actief"), "active", _static([("True", _("ja")), ("False", _("nee"))]))],
            ("user",),
        ),
        Kind(
            "eigenaren", Actor, forms.ActorForm, _("eigenaar of betrokkene"), _("Eigenaren en betrokkenen"),
            [Col("name", _("Naam")), Col("kind", _("Soort")), Col("staff", _("Medewerker")),
             Col("users", _("Gekoppelde gebruikers"))],
            lambda o: {"name": o.name, "kind": o.get_kind_display(), "staff": _name(o.staff_member),
                       "users": ", ".join(str(u) for u in o.users.all())},
            ("name",),
            _("Nog geen eigenaren of betrokkenen. Ze ontstaan bij het importeren van een jaarplan, of voeg ze hier "
              "toe."),
            [Filter("soort", _("Soort"), "kind", _static(Actor.Kind.choices))],
            ("staff_member",),
        ),
    ]
}  # fmt: skip
