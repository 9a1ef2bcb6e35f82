"""Canonical layouts of the register files (see docs/monitoring-registers.md)."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from koers.monitoring import models as m


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: str = "text"  # text, date, decimal, int, bool, choice, brin6, pupil, type
    required: bool = False
    aliases: tuple = ()
    choices: dict = field(default_factory=dict)  # lower-case code in file -> stored value


BOOL = {
    "ja": True,
    "j": True,
    "yes": True,
    "1": True,
    "true": True,
    "nee": False,
    "n": False,
    "no": False,
    "0": False,
    "false": False,
    "": False,
}
TYPES = {
    "bo": "BO",
    "bao": "BO",
    "sbo": "SBO",
    "sbao": "SBO",
    "so": "SO",
    "vso": "VSO",
    "vo": "VO",
    "pro": "PRO",
    "pro ": "PRO",
    "praktijkonderwijs": "PRO",
}


@dataclass(frozen=True)
class Register:
    code: str
    label: str
    model: type
    key: str
    fields: tuple
    end_after: tuple = ()  # (start field, end field)
    own_schools: bool = True  # a BRIN6 must be a school of the SWV (False: the funded list names schools elsewhere)
    inside_field: str = ""  # a bool field derived from "BRIN6 is a school of the SWV" when the file lacks it
    # a list per school year: this field holds the school year of the date field ``year_from``; an import replaces
    # the school years in the file only (the key is unique per school year) and keeps the other years
    year_field: str = ""
    year_from: str = ""


# aliases in order of preference: a BSN column is the key whenever there is one, a name only without it
PUPIL = Field(
    "pupil",
    _("BSN of leerling"),
    "pupil",
    aliases=("bsn", "burgerservicenummer", "pgn", "leerling", "leerlingnaam", "naam"),
)

REGISTERS = {
    "tlv": Register(
        "tlv",
        _("Toelaatbaarheidsverklaringen"),
        m.Tlv,
        "dossiernummer",
        (
            Field("dossiernummer", _("Dossiernummer"), required=True, aliases=("dossier", "dossiernr")),
            PUPIL,
            Field("aanvraagsoort", _("Aanvraagsoort"), required=True, aliases=("soort aanvraag", "soort")),
            Field("brin6", _("BRIN6"), "brin6", aliases=("school", "aanvragende school", "brin")),
            Field("bestuur", _("Bestuur"), aliases=("bevoegd gezag", "schoolbestuur")),
            Field("ontvangstdatum", _("Ontvangstdatum"), "date", required=True, aliases=("datum ontvangst",)),
            Field("datum_compleet", _("Datum compleet"), "date", aliases=("compleet",)),
            Field("besluitdatum", _("Besluitdatum"), "date", aliases=("datum besluit",)),
            Field(
                "besluit",
                _("Besluit"),
                "choice",
                choices={
                    "afgegeven": "afgegeven",
                    "toegekend": "afgegeven",
                    "afgewezen": "afgewezen",
                    "ingetrokken": "ingetrokken",
                    "": "",
                },
            ),
            Field("voorziening", _("Voorziening"), "type", aliases=("soort voorziening",)),
            Field(
                "bekostigingscategorie",
                _("Bekostigingscategorie"),
                "choice",
                aliases=("categorie",),
                choices={"l": "L", "laag": "L", "m": "M", "midden": "M", "h": "H", "hoog": "H", "": ""},
            ),
            Field("ingangsdatum", _("Ingangsdatum"), "date"),
            Field("einddatum", _("Einddatum"), "date"),
            Field("beschikkingsnummer", _("Beschikkingsnummer")),
        ),
        end_after=(("ontvangstdatum", "besluitdatum"), ("ingangsdatum", "einddatum")),
    ),
    "arrangement": Register(
        "arrangement",
        _("Arrangementen"),
        m.Arrangement,
        "number",
        (
            Field("number", _("Nummer"), required=True, aliases=("nummer", "arrangementnummer")),
            Field("kind", _("Soort"), required=True, aliases=("soort", "type", "soort arrangement")),
            Field("brin6", _("BRIN6"), "brin6", aliases=("school", "brin")),
            PUPIL,
            Field("start", _("Startdatum"), "date", required=True, aliases=("startdatum", "begindatum", "start")),
            Field("end", _("Einddatum"), "date", aliases=("einddatum", "eind")),
            Field("cost", _("Kosten"), "decimal", aliases=("kosten", "bedrag")),
            Field("funding_line", _("Financieringslijn"), aliases=("financieringslijn", "financiering")),
            Field("outcome", _("Evaluatie"), aliases=("evaluatie", "uitkomst")),
        ),
        end_after=(("start", "end"),),
    ),
    "verzuim": Register(
        "verzuim",
        _("Verzuim en thuiszitters"),
        m.VerzuimMelding,
        "meldingnummer",
        (
            Field("meldingnummer", _("Meldingnummer"), required=True, aliases=("melding", "nummer")),
            PUPIL,
            Field(
                "soort",
                _("Soort"),
                "choice",
                required=True,
                choices={
                    "absoluut": "absoluut",
                    "absoluut verzuim": "absoluut",
                    "relatief": "relatief",
                    "langdurig relatief verzuim": "relatief",
                    "relatief verzuim": "relatief",
                    "vrijstelling": "vrijstelling",
                },
            ),
            Field("since", _("Verzuim sinds"), "date", required=True, aliases=("verzuim sinds", "sinds", "startdatum")),
            Field("end", _("Einde verzuim"), "date", aliases=("einde verzuim", "einddatum", "einde")),
            Field("thuiszitter", _("Thuiszitter"), "bool"),
            Field("brin6", _("BRIN6"), "brin6", aliases=("school", "brin")),
            Field("perspectief", _("Perspectief")),
            Field("reden", _("Reden"), aliases=("reden verzuim", "oorzaak")),
        ),
        end_after=(("since", "end"),),
    ),
    "terugplaatsing": Register(
        "terugplaatsing",
        _("Terugplaatsingen"),
        m.Terugplaatsing,
        "number",
        (
            Field("number", _("Nummer"), required=True, aliases=("nummer",)),
            PUPIL,
            Field("from_type", _("Van soort"), "type", required=True, aliases=("van soort", "van")),
            Field("from_brin6", _("Van school"), "brin6", aliases=("van school",)),
            Field("to_brin6", _("Naar school"), "brin6", aliases=("naar school",)),
            Field("date", _("Datum"), "date", required=True, aliases=("datum",)),
        ),
    ),
    "bekostigd": Register(
        "bekostigd",
        _("Bekostigde leerlingen (DUO)"),
        m.FundedPupil,
        "beschikkingsnummer",
        (
            Field(
                "beschikkingsnummer",
                _("Beschikkingsnummer"),
                required=True,
                aliases=("beschikking", "beschikkingsnr", "tlv nummer", "tlvnummer"),
            ),
            PUPIL,
            Field(
                "categorie",
                _("Bekostigingscategorie"),
                "choice",
                aliases=("bekostigingscategorie", "categorie", "cat"),
                choices={"l": "L", "laag": "L", "m": "M", "midden": "M", "h": "H", "hoog": "H", "": ""},
            ),
            Field("brin6", _("BRIN6"), "brin6", aliases=("school", "brin", "vestiging", "instelling")),
            Field(
                "school_type",
                _("Soort"),
                "choice",
                required=True,
                aliases=("soort", "type", "type po", "onderwijssoort", "soort onderwijs"),
                choices={"sbo": "SBO", "sbao": "SBO", "so": "SO", "vso": "VSO"},
            ),
            Field("peildatum", _("Peildatum"), "date", required=True, aliases=("teldatum",)),
            Field(
                "binnen",
                _("Binnen het SWV"),
                "bool",
                aliases=("binnen swv", "binnen samenwerkingsverband", "binnen"),
            ),
        ),
        own_schools=False,
        inside_field="binnen",
        year_field="school_year",
        year_from="peildatum",
    ),
}

COUNT_REGISTERS = {
    "duo-swv": _("DUO swv_totaal.csv"),
    "duo-brin6": _("DUO brin6_totaal.csv"),
    "telling": _("Koers-telling (andere teldatum)"),
}
# DUO's SO/VSO files per paying SWV and the Koers layout of the grensverkeer (see koers.monitoring.funding)
FLOW_REGISTERS = {
    "duo-so-vso-rp": _("DUO so_vso_rp.csv (SO/VSO per betalend SWV)"),
    "duo-so-vso-betalend": _("DUO SO/VSO binnen en buiten het betalend SWV"),
    "duo-so-vso-vestiging": _("DUO SO/VSO per SWV van de schoolvestiging (BINNEN_SWV)"),
    "grensverkeer": _("Koers-grensverkeer (betalend SWV × SWV van de school)"),
}
COUNT_REGISTERS = {**COUNT_REGISTERS, **FLOW_REGISTERS}

ALL_REGISTER_LABELS = {**{k: r.label for k, r in REGISTERS.items()}, **COUNT_REGISTERS}
