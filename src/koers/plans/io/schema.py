"""The plan file format, in one place: every table, every field, its Dutch column header, type and explanation.

Both formats (YAML and Excel) are read into, and written from, one intermediate structure::

    {
        "plan": {...plan fields..., "_loc": Loc},
        "adoptions": [item, ...],            # besprekingen of the plan itself
        "themes": [...], "goals": [...], "indicators": [...], "main_activities": [...], "year_goals": [...],
        "year_plans": [
            {...year plan fields...,
             "adoptions": [...], "activities": [...],
             "budget": {...budget fields..., "lines": [{...line fields..., "realisations": [...]}]} or None,
             "portfolio": [...]},
        ],
    }

An item is a dict of field key -> value, plus ``_loc`` saying where it was found (for problem reports). The
readers put raw values in (whatever the file held); :mod:`koers.plans.io.validate` turns them into clean
values (str, int, Decimal, date, list, dict) that :mod:`koers.plans.io.importer` saves and
:mod:`koers.plans.io.exporter` produces from the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from koers.core import definitions
from koers.plans.models import LONG_TEXT, Activity, Adoption, BudgetPeriod, Indicator, MainActivity

FORMAT_VERSION = 1


@dataclass
class Loc:
    """Where an item was found. ``where(field)`` -> (sheet or YAML path, row or line, column or key)."""

    place: str  # sheet name, or YAML path such as "year_plans[0].activities[3]"
    row: int | None = None
    columns: dict = field(default_factory=dict)  # field key -> column header (Excel) or key name (YAML)
    rows: dict = field(default_factory=dict)  # field key -> row/line of that field, when it differs

    def where(self, key: str) -> tuple[str, int | None, str]:
        return self.place, self.rows.get(key, self.row), self.columns.get(key, key if key else "")


@dataclass(frozen=True)
class Field:
    key: str
    header: Any  # Dutch column header in Excel (lazy string)
    kind: str = "text"
    required: bool = False
    max_length: int | None = None
    digits: tuple[int, int] | None = None  # (max_digits, decimal_places)
    choices: tuple = ()  # (value, label) pairs
    width: int = 18
    help: Any = ""
    example: str = ""

    @property
    def limit(self) -> int | None:
        """The most characters of a text: its own maximum, else what an Excel cell holds (32.767)."""
        if self.max_length:
            return self.max_length
        if self.kind in ("code", "ref"):
            return 20  # as validate.convert holds a code without its own maximum
        return LONG_TEXT if self.kind in ("text", "name") else None


KOERS_ID = Field(
    "koers_id",
    _("Koers-id"),
    "id",
    width=10,
    help=_(
        "Nummer dat Koers bij de export invult, zodat Koers het onderdeel terugvindt, ook als u de rij verplaatst "
        "of de code wijzigt. Niet aanpassen; leeg laten bij een nieuwe rij. Een rij die u weghaalt, wordt bij "
        "het inlezen verwijderd."
    ),
    example="",
)


def _ml(model, name):
    return model._meta.get_field(name).max_length


STATUS_CHOICES = tuple(Activity.Status.choices)
NORM_KIND_CHOICES = tuple(Indicator.NormKind.choices)
OPERATOR_CHOICES = (("<", "<"), ("<=", "<="), (">", ">"), (">=", ">="))
DIRECTION_CHOICES = (("stijgt", "stijgt"), ("daalt", "daalt"))
MAIN_KIND_CHOICES = tuple(MainActivity.Kind.choices)
ADOPTION_KIND_CHOICES = tuple(Adoption.Kind.choices)

SCHOOL_YEAR = Field(
    "school_year",
    _("Schooljaar"),
    "school_year",
    required=True,
    width=12,
    help=_("Schooljaar van het jaarplan, bijv. 2024-2025."),
    example="2024-2025",
)

PLAN_FIELDS = [
    Field("code", _("Code"), "slug", True, 60, help=_("Korte naam van het plan, uniek binnen uw SWV; kleine letters, cijfers en streepjes."), example="spow-osp-2024-2028"),
    Field("title", _("Titel"), "text", True, 250, width=60, help=_("Titel van het ondersteuningsplan."), example="Ondersteuningsplan 2024-2028"),
    Field("first_year", _("Eerste schooljaar"), "year", True, help=_("Beginjaar van het eerste schooljaar: 2024 voor 2024-2025."), example="2024"),
    Field("last_year", _("Laatste schooljaar"), "year", True, help=_("Beginjaar van het laatste schooljaar: 2027 voor 2027-2028."), example="2027"),
    Field("theme_label", _("Naam niveau thema"), "text", False, 40, help=_("Hoe uw plan het hoogste niveau noemt (enkelvoud). Standaard: Speerpunt."), example="Speerpunt"),
    Field("theme_label_plural", _("Meervoud thema"), "text", False, 40, help=_("Meervoud daarvan. Standaard: Speerpunten."), example="Speerpunten"),
    Field("goal_label", _("Naam niveau doel"), "text", False, 40, help=_("Standaard: Doel."), example="Doel"),
    Field("goal_label_plural", _("Meervoud doel"), "text", False, 40, help=_("Standaard: Doelen."), example="Doelen"),
    Field("indicator_label", _("Naam niveau indicator"), "text", False, 40, help=_("Standaard: Indicator (SPPOH: Resultaat)."), example="Indicator"),
    Field("main_activity_label", _("Naam niveau hoofdactiviteit"), "text", False, 40, help=_("Standaard: Hoofdactiviteit (of Project)."), example="Hoofdactiviteit"),
    Field("activity_label", _("Naam niveau jaaractiviteit"), "text", False, 40, help=_("Standaard: Jaaractiviteit."), example="Jaaractiviteit"),
    Field("mission", _("Missie en visie"), "text", width=60, help=_("Vrije tekst; mag meerdere alinea's hebben."), example="Samen voor passend onderwijs."),
    Field("adopted_on", _("Vastgesteld op"), "date", help=_("Datum van vaststelling (dd-mm-jjjj); leeg = nog niet vastgesteld."), example="07-10-2024"),
    KOERS_ID,
]  # fmt: skip

LABEL_DEFAULTS = {
    "theme_label": "Speerpunt",
    "theme_label_plural": "Speerpunten",
    "goal_label": "Doel",
    "goal_label_plural": "Doelen",
    "indicator_label": "Indicator",
    "main_activity_label": "Hoofdactiviteit",
    "activity_label": "Jaaractiviteit",
}

THEME_FIELDS = [
    KOERS_ID,
    Field("code", _("Code"), "code", True, 20, width=10, help=_("Nummer of korte code van het thema, uniek in het plan."), example="1"),
    Field("title", _("Titel"), "text", True, 250, width=50, help=_("Naam van het thema of speerpunt."), example="Inclusief onderwijs"),
    Field("description", _("Toelichting"), "text", width=50, help=_("Vrije toelichting."), example=""),
]  # fmt: skip

GOAL_FIELDS = [
    KOERS_ID,
    Field("code", _("Code"), "code", True, 20, width=10, help=_("Nummer of korte code van het doel, uniek in het plan."), example="1"),
    Field("theme", _("Thema"), "ref", width=10, help=_("Code van het thema waar het doel onder valt; leeg = direct onder het plan."), example="1"),
    Field("title", _("Titel"), "text", True, width=60, help=_("Het doel zoals in het plan."), example="We realiseren samen onze visie op inclusief onderwijs."),
    Field("ambition", _("Ambitie"), "text", width=40, help=_("Wat willen we aan het eind van de planperiode bereiken?"), example=""),
]  # fmt: skip

INDICATOR_FIELDS = [
    KOERS_ID,
    Field("code", _("Code"), "code", True, 20, width=10, help=_("Korte code van de indicator, uniek in het plan."), example="I1.1"),
    Field("goal", _("Doel"), "ref", width=10, help=_("Code van het doel; vul doel óf thema in, of geen van beide (dan hoort de indicator bij het hele plan)."), example="1"),
    Field("theme", _("Thema"), "ref", width=10, help=_("Code van het thema, als de indicator niet onder een doel valt."), example=""),
    Field("title", _("Indicator"), "text", True, width=60, help=_("De indicator zoals in het plan."), example="Maximaal 1% van de leerlingen is thuiszitter."),
    Field("definition", _("Definitie"), "text", width=40, help=_("Hoe de waarde wordt berekend."), example="Thuiszitters / alle leerlingen op 1 oktober"),
    Field("unit", _("Eenheid"), "text", False, 20, width=10, help=_("Bijv. %, aantal, weken, ja/nee."), example="%"),
    Field("norm_text", _("Norm"), "text", False, 250, width=30, help=_("De norm zoals in het plan geschreven."), example="maximaal 1%"),
    Field("norm_kind", _("Soort norm"), "choice", choices=NORM_KIND_CHOICES, width=12, help=_("geen, nulmeting, drempel, nul, bereik, trend of mijlpaal. Bij nulmeting is de eerste meting de basis."), example="drempel"),
    Field("norm_operator", _("Vergelijking"), "operator", choices=OPERATOR_CHOICES, width=12, help=_("Bij een drempel: <, <=, > of >=."), example="<="),
    Field("norm_value", _("Normwaarde"), "decimal", digits=(14, 4), width=12, help=_("Getal van de drempel, of de ondergrens van een bereik."), example="1"),
    Field("norm_value_high", _("Bovengrens"), "decimal", digits=(14, 4), width=12, help=_("Bovengrens van een bereik."), example=""),
    Field("norm_direction", _("Gewenste richting"), "choice", choices=DIRECTION_CHOICES, width=12, help=_("stijgt of daalt (verplicht bij een trend, mag ook bij een drempel)."), example="daalt"),
    Field("norm_deadline", _("Uiterste datum mijlpaal"), "date", width=14, help=_("Bij een mijlpaal: de datum waarop hij bereikt moet zijn."), example=""),
    Field("norm_due_year", _("Mijlpaal eind schooljaar"), "school_year", width=14, help=_("Bij een mijlpaal die aan het eind van een schooljaar bereikt moet zijn: dat schooljaar, bijv. 2023-2024 (in plaats van een datum)."), example=""),
    Field("baseline", _("Nulmeting"), "text", False, 120, width=14, help=_("De nulmeting zoals in het plan geschreven."), example=""),
    Field("baseline_value", _("Waarde nulmeting"), "decimal", digits=(14, 4), width=12, help=_("De gemeten waarde van de nulmeting (bij soort nulmeting vult Koers die bij de eerste meting in)."), example=""),
    Field("baseline_date", _("Datum nulmeting"), "date", width=12, help=_("Datum van die meting (dd-mm-jjjj)."), example=""),
    Field("measurement_moments", _("Meetmomenten"), "text", False, 200, width=20, help=_("Bijv. drie keer per jaar."), example="vier keer per jaar"),
    Field("measure_code", _("Berekening"), "text", False, 80, width=16, help=_("Naam van de maat waaruit Koers de waarde berekent; leeg = handmatige metingen."), example=""),
    Field("measure_params", _("Parameters"), "json", width=16, help=_("Overige instellingen van de berekening als JSON, bijv. {\"periode\": \"tertiaal\"}; de definities hieronder hebben een eigen kolom."), example=""),
    Field("noemer", _("Noemer"), "choice", choices=tuple(definitions.DENOMINATORS.items()), width=12, help=_("Bij een deelnamepercentage: bo_sbo (BO + SBO, Vensters) of bo_sbo_so (BO + SBO + SO); leeg = standaard van de maat."), example=""),
    Field("teldatum", _("Teldatum"), "choice", choices=tuple(definitions.COUNT_DATES.items()), width=12, help=_("Bij maten met leerlingtellingen: 1-oktober (standaard) of 1-februari."), example=""),
    Field("zonder_aanvraagsoorten", _("Zonder aanvraagsoorten"), "names", width=20, help=_("Bij TLV-maten: aanvraagsoorten die niet meetellen, gescheiden door ; bijv. Arrangement; Maatwerk. Hoofdletters en spaties maken niet uit."), example=""),
    Field("interval", _("Interval doorlooptijd"), "choice", choices=tuple(definitions.INTERVALS.items()), width=16, help=_("Bij een TLV-doorlooptijd: ontvangst_compleet, compleet_besluit of ontvangst_besluit; leeg = standaard van de maat."), example=""),
]  # fmt: skip

MAIN_ACTIVITY_FIELDS = [
    KOERS_ID,
    Field("code", _("Code"), "code", True, 20, width=10, help=_("Korte code van de hoofdactiviteit, uniek in het plan."), example="1.1"),
    Field("goal", _("Doel"), "ref", width=10, help=_("Code van het doel; vul doel óf thema in, of geen van beide."), example="1"),
    Field("theme", _("Thema"), "ref", width=10, help=_("Code van het thema, als de hoofdactiviteit niet onder een doel valt."), example=""),
    Field("title", _("Omschrijving"), "text", True, width=60, help=_("De hoofdactiviteit of het project zoals in het plan."), example="Het terugplaatsingsbeleid is herzien."),
    Field("kind", _("Soort"), "choice", choices=MAIN_KIND_CHOICES, width=16, help=_("hoofdactiviteit of project; standaard hoofdactiviteit."), example="hoofdactiviteit"),
    Field("school_years", _("Schooljaren"), "school_years", width=24, help=_("Schooljaren waarin het loopt, gescheiden door ; bijv. 2024-2025; 2025-2026."), example="2024-2025; 2025-2026"),
    Field("hours_budget", _("Urenbudget"), "decimal", digits=(8, 1), width=10, help=_("Uren voor het project (optioneel)."), example=""),
]  # fmt: skip

YEAR_GOAL_FIELDS = [
    KOERS_ID,
    Field("theme", _("Thema"), "ref", width=10, help=_("Code van het thema van het jaardoel; leeg = een jaardoel van het hele plan."), example="1"),
    Field("school_year", _("Schooljaar"), "school_year", True, width=12, help=_("Schooljaar van het jaardoel, bijv. 2024-2025."), example="2024-2025"),
    Field("title", _("Jaardoel"), "text", True, width=60, help=_("Wat willen we dit schooljaar bereiken?"), example="Alle scholen kennen de nieuwe werkwijze."),
]  # fmt: skip

ADOPTION_FIELDS = [
    Field("gremium", _("Gremium"), "name", True, 200, width=34, help=_("Naam van het gremium; Koers maakt het aan als het nog niet bestaat."), example="Ondersteuningsplanraad"),
    Field("kind", _("Soort"), "choice", choices=ADOPTION_KIND_CHOICES, width=14, help=_("besproken, advies, instemming of vastgesteld; standaard besproken."), example="besproken"),
    Field("date", _("Datum"), "date", True, width=12, help=_("Datum van de bespreking (dd-mm-jjjj)."), example="07-10-2024"),
    Field("note", _("Toelichting"), "text", False, 250, width=30, help=_("Vrije toelichting."), example=""),
]  # fmt: skip

YEAR_PLAN_FIELDS = [
    KOERS_ID,
    SCHOOL_YEAR,
    Field("title", _("Titel"), "text", True, 250, width=40, help=_("Titel van het jaarplan."), example="Jaar- en Activiteitenplan 2024-2025"),
    Field("introduction", _("Inleiding"), "text", width=50, help=_("Inleidende tekst."), example=""),
    Field("adopted_on", _("Vastgesteld op"), "date", width=14, help=_("Datum van vaststelling; leeg = nog niet vastgesteld."), example="07-10-2024"),
    Field("adopted_by", _("Vastgesteld door"), "text", False, 200, width=24, help=_("Wie het jaarplan vaststelde."), example=""),
    Field("created_from", _("Overgenomen uit"), "school_year", width=14, help=_("Schooljaar van het jaarplan waaruit dit jaarplan is gemaakt (optioneel)."), example=""),
]  # fmt: skip

ACTIVITY_FIELDS = [
    KOERS_ID,
    Field("code", _("Code"), "code", False, 20, width=10, help=_("Korte code, uniek in het jaarplan. Leeg: Koers nummert zelf."), example="1.1.1"),
    Field("description", _("Omschrijving"), "text", True, width=60, help=_("Wat er gebeurt."), example="Het terugplaatsingsbeleid wordt besproken met de scholen."),
    Field("main_activity", _("Hoofdactiviteit"), "ref", width=12, help=_("Code van de hoofdactiviteit; óf doel, óf thema, óf niets (dan hoort de activiteit bij het plan)."), example="1.1"),
    Field("goal", _("Doel"), "ref", width=8, help=_("Code van het doel, als de activiteit niet onder een hoofdactiviteit valt."), example=""),
    Field("theme", _("Thema"), "ref", width=8, help=_("Code van het thema, als de activiteit direct onder een thema valt."), example=""),
    Field("start", _("Start"), "text", False, _ml(Activity, "start_text"), width=22, help=_("De start zoals geschreven: een datum (19-09-2024), tertiaal (T3 2024), schooljaar (Start schooljaar 2024-2025) of vrije tekst."), example="T3 2024"),
    Field("deadline", _("Deadline"), "date", width=12, help=_("Datum waarop het af moet zijn (dd-mm-jjjj)."), example=""),
    Field("deadline_text", _("Gereed (zoals geschreven)"), "text", False, _ml(Activity, "deadline_text"), width=16, help=_("Wanneer het af is, zoals geschreven, bijv. doorlopend."), example=""),
    Field("owner", _("Eigenaar"), "name", False, 200, width=20, help=_("Naam van de eigenaar (persoon, rol of organisatie); Koers maakt die aan als die nog niet bestaat."), example="SPOW-bureau"),
    Field("involved", _("Betrokkenen"), "names", width=30, help=_("Namen van betrokkenen, gescheiden door ; (puntkomma)."), example="Scholen; Gemeenten"),
    Field("priority", _("Prioriteit"), "bool", width=10, help=_("ja of nee (in SPOW-plannen: dikgedrukt en onderstreept)."), example="ja"),
    Field("incidental", _("Incidenteel"), "bool", width=10, help=_("ja voor een losse activiteit buiten de projecten en hoofdactiviteiten om; standaard nee."), example=""),
    Field("budget_code", _("Begrotingspost"), "text", False, _ml(Activity, "budget_code"), width=14, help=_("Bijv. 3.1 licentie, of xx als nog onbekend."), example=""),
    Field("budget_amount", _("Bedrag"), "decimal", digits=(12, 2), width=12, help=_("Begroot bedrag in euro's."), example=""),
    Field("hours_budget", _("Urenbudget"), "decimal", digits=(8, 1), width=10, help=_("Begrote uren."), example=""),
    Field("hours_spent", _("Bestede uren"), "decimal", digits=(8, 1), width=10, help=_("Tot nu toe bestede uren."), example=""),
    Field("status", _("Status"), "choice", choices=STATUS_CHOICES, width=14, help=_("niet_gestart, loopt, afgerond, uitgesteld of vervallen; standaard niet_gestart."), example="niet_gestart"),
    Field("carried_over_from", _("Overgenomen van"), "activity_ref", width=18, help=_("Activiteit uit een eerder jaarplan van dit plan: schooljaar/code, bijv. 2023-2024/1.2."), example=""),
]  # fmt: skip

BUDGET_FIELDS = [
    Field("total", _("Totaal begroting"), "decimal", digits=(14, 2), width=16, help=_("Totale begroting van het schooljaar in euro's."), example="10397136"),
    Field("mandatory_contributions", _("Verplichte afdrachten"), "decimal", digits=(14, 2), width=16, help=_("Verplichte afdrachten in euro's."), example="5027067"),
    Field("period", _("Begrotingsjaar"), "choice", choices=tuple(BudgetPeriod.choices), width=14, help=_("schooljaar (standaard) of kalenderjaar."), example="schooljaar"),
    Field("calendar_year", _("Kalenderjaar"), "year", width=12, help=_("Alleen bij een begroting per kalenderjaar; leeg: het jaar waarin het schooljaar begint."), example=""),
    Field("note", _("Toelichting"), "text", width=50, help=_("Vrije toelichting."), example=""),
]  # fmt: skip

LINE_NUMBER = Field(
    "line",
    _("Regel"),
    "line",
    True,
    width=8,
    help=_("Volgnummer van de begrotingsregel binnen het schooljaar: 1, 2, 3 ..."),
    example="1",
)

BUDGET_LINE_FIELDS = [
    KOERS_ID,
    Field("theme", _("Thema"), "ref", width=8, help=_("Code van het thema waaraan het geld is toegewezen (optioneel)."), example="1"),
    Field("goal", _("Doel"), "ref", width=8, help=_("Code van het doel (optioneel)."), example=""),
    Field("label", _("Omschrijving"), "text", False, 250, width=30, help=_("Bijv. Doel 2 t/m 4."), example="Doel 1"),
    Field("code", _("Begrotingspost"), "text", False, 60, width=14, help=_("Code van de begrotingspost (optioneel)."), example=""),
    Field("amount", _("Bedrag"), "decimal", True, digits=(14, 2), width=14, help=_("Begroot bedrag in euro's."), example="3328484"),
]  # fmt: skip

REALISATION_FIELDS = [
    KOERS_ID,
    Field("tertiaal", _("Tertiaal"), "tertiaal", True, width=10, help=_("Tertiaal, bijv. T1 2025."), example="T1 2025"),
    Field("amount", _("Bedrag"), "decimal", True, digits=(14, 2), width=14, help=_("Gerealiseerd bedrag in euro's."), example="120000"),
    Field("note", _("Toelichting"), "text", False, 250, width=30, help=_("Vrije toelichting."), example=""),
]  # fmt: skip

PORTFOLIO_FIELDS = [
    KOERS_ID,
    Field("label", _("Portefeuille"), "text", True, 200, width=28, help=_("Naam van de portefeuille."), example="Inclusief onderwijs (1)"),
    Field("theme", _("Thema"), "ref", width=8, help=_("Code van het thema (optioneel)."), example="1"),
    Field("goals", _("Doelen"), "codes", width=12, help=_("Codes van doelen, gescheiden door ; bijv. 2; 3; 4."), example="1"),
    Field("goals_text", _("Doelen (zoals geschreven)"), "text", False, 120, width=16, help=_("Bijv. Doel 2 t/m 4."), example="Doel 1"),
    Field("holders", _("Portefeuillehouders"), "holders", width=40, help=_("Medewerkers als Naam (functie), gescheiden door ; of een nieuwe regel. Koers maakt ontbrekende medewerkers aan."), example="Floor van Loo (strategisch beleidsadviseur)"),
    Field("taakgroepen", _("Speerpunten en taakgroepen"), "text", width=40, help=_("Vrije tekst."), example="Speerpunt Inclusief Onderwijs"),
]  # fmt: skip


@dataclass(frozen=True)
class Sheet:
    key: str
    name: Any  # sheet name (lazy)
    fields: list
    parents: tuple = ()  # structural columns that place a row: SCHOOL_YEAR, LINE_NUMBER
    help: Any = ""


SHEETS = [
    Sheet("plan", _("Plan"), PLAN_FIELDS, help=_("Eén regel per gegeven van het plan: kolom Veld en kolom Waarde.")),
    Sheet("themes", _("Thema's"), THEME_FIELDS, help=_("Het hoogste niveau (speerpunten, thema's).")),
    Sheet("goals", _("Doelen"), GOAL_FIELDS, help=_("Doelen, onder een thema of direct onder het plan.")),
    Sheet("indicators", _("Indicatoren"), INDICATOR_FIELDS, help=_("Indicatoren (resultaten) met hun norm.")),
    Sheet("main_activities", _("Hoofdactiviteiten"), MAIN_ACTIVITY_FIELDS, help=_("Hoofdactiviteiten en projecten van het plan.")),
    Sheet("year_goals", _("Jaardoelen"), YEAR_GOAL_FIELDS, help=_("Doelen per schooljaar per thema.")),
    Sheet("year_plans", _("Jaarplannen"), YEAR_PLAN_FIELDS, help=_("Eén regel per jaarplan.")),
    Sheet("activities", _("Activiteiten"), ACTIVITY_FIELDS, (SCHOOL_YEAR,), help=_("Jaaractiviteiten; de kolom Schooljaar zegt bij welk jaarplan.")),
    Sheet("budgets", _("Begroting"), BUDGET_FIELDS, (SCHOOL_YEAR,), help=_("Eén regel per jaarplan met een begroting.")),
    Sheet("budget_lines", _("Begrotingsregels"), BUDGET_LINE_FIELDS, (SCHOOL_YEAR, LINE_NUMBER), help=_("Verdeling van de begroting per thema, doel of post.")),
    Sheet("realisations", _("Realisatie"), REALISATION_FIELDS, (SCHOOL_YEAR, LINE_NUMBER), help=_("Gerealiseerde bedragen per begrotingsregel en tertiaal.")),
    Sheet("portfolio", _("Portefeuilles"), PORTFOLIO_FIELDS, (SCHOOL_YEAR,), help=_("Wie welke portefeuille heeft.")),
    Sheet("adoptions", _("Besprekingen"), ADOPTION_FIELDS, (Field("school_year", _("Schooljaar"), "school_year", width=12, help=_("Schooljaar van het jaarplan; leeg = bespreking van het plan zelf."), example="2024-2025"),), help=_("Besprekingen en vaststellingen door gremia.")),
]  # fmt: skip

SHEET_BY_KEY = {s.key: s for s in SHEETS}
FIELDS = {
    "plan": PLAN_FIELDS,
    "themes": THEME_FIELDS,
    "goals": GOAL_FIELDS,
    "indicators": INDICATOR_FIELDS,
    "main_activities": MAIN_ACTIVITY_FIELDS,
    "year_goals": YEAR_GOAL_FIELDS,
    "adoptions": ADOPTION_FIELDS,
    "year_plans": YEAR_PLAN_FIELDS,
    "activities": ACTIVITY_FIELDS,
    "budget": BUDGET_FIELDS,
    "lines": BUDGET_LINE_FIELDS,
    "realisations": REALISATION_FIELDS,
    "portfolio": PORTFOLIO_FIELDS,
}
