"""Retention and privacy requests for pupil-level registers.

- :func:`retention_plan` / :func:`apply_retention`: rows whose dossier closed in a school year that ended more
  than the retention term ago are removed, after their measurements are frozen (:class:`BevrorenMeting`).
- :func:`find_pseudonyms`, :func:`pupil_rows`, :func:`delete_pupil`: the inzage- en verwijderverzoek.

Everything takes an SWV and never touches another SWV's rows.
"""

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_variables

from koers.audit.context import acting_as
from koers.audit.models import AccessLog
from koers.core import clock
from koers.core.audience import Audience
from koers.core.periods import school_year_bounds, school_year_label, school_year_of
from koers.monitoring.models import Arrangement, FundedPupil, Terugplaatsing, Tlv, VerzuimMelding
from koers.monitoring.pseudonym import pseudonymise
from koers.privacy.models import BevrorenMeting, Bewaartermijn, Verwijdering

KENMERK_LENGTH = 12
_PSEUDONYM_RE = re.compile(r"^[0-9a-f]{64}$")
_BSN_RE = re.compile(r"^[0-9][0-9 .\-]{6,12}[0-9]$")


@dataclass(frozen=True)
class Register:
    code: str
    model: type
    label: str
    closed: object  # function(cutoff) -> Q: the dossier was closed on or before the cutoff
    closed_rule: str
    fields: tuple = ()

    def rows(self, swv):
        return self.model.objects.for_swv(swv)


REGISTERS = (
    Register(
        "tlv",
        Tlv,
        _("TLV's"),
        lambda cutoff: (
            Q(einddatum__lte=cutoff)
            | Q(einddatum__isnull=True, besluit__in=["afgewezen", "ingetrokken"], besluitdatum__lte=cutoff)
        ),
        _(
            "einddatum van de TLV; bij afgewezen of ingetrokken aanvragen zonder einddatum de besluitdatum. "
            "Open aanvragen en afgegeven TLV's zonder einddatum blijven staan."
        ),
    ),
    Register("arrangement", Arrangement, _("Arrangementen"), lambda c: Q(end__lte=c), _("einddatum")),
    Register("verzuim", VerzuimMelding, _("Verzuimmeldingen"), lambda c: Q(end__lte=c), _("einde verzuim")),
    Register("terugplaatsing", Terugplaatsing, _("Terugplaatsingen"), lambda c: Q(date__lte=c), _("datum")),
    Register(
        "bekostigd",
        FundedPupil,
        _("Bekostigde leerlingen (DUO-lijst)"),
        lambda c: Q(peildatum__lte=c),
        _("peildatum van de DUO-lijst"),
    ),
)
REGISTER_BY_CODE = {r.code: r for r in REGISTERS}
# register-based measures frozen per school year (the pupil counts stay, so participation rates need no freezing)
FROZEN_PREFIXES = ("tlv_", "thuiszitters", "arrangementen_", "terugplaatsingen")


def _fields(model):
    return [f for f in model._meta.concrete_fields if f.name not in ("id", "swv", "created_at", "updated_at")]


# --- retention -------------------------------------------------------------------------------------------


def default_years() -> int:
    return int(settings.KOERS_BEWAARTERMIJN_JAREN)


def years_for(swv) -> int:
    row = Bewaartermijn.objects.filter(swv=swv).first()
    return row.jaren if row else default_years()


def _years_back(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def cutoff_for(years: int, today: date | None = None) -> date:
    """The last 31 July such that a dossier closed on or before it has passed its term on ``today``.

    A dossier closed on day D is kept until the end of the school year of D (31 July) plus ``years`` years.
    """
    back = _years_back(today or clock.today(), years)
    end = date(back.year, 7, 31)
    return end if end < back else date(back.year - 1, 7, 31)


@dataclass
class RetentionPlan:
    swv: object
    years: int
    cutoff: date
    counts: dict = field(default_factory=dict)  # register code -> rows to remove

    @property
    def total(self):
        return sum(self.counts.values())

    def rows(self):
        """[(label, count)] in register order."""
        return [(REGISTER_BY_CODE[c].label, n) for c, n in self.counts.items()]


def expired(register: Register, swv, cutoff: date):
    return register.rows(swv).filter(register.closed(cutoff))


def retention_plan(swv, today: date | None = None) -> RetentionPlan:
    years = years_for(swv)
    cutoff = cutoff_for(years, today)
    plan = RetentionPlan(swv, years, cutoff)
    for register in REGISTERS:
        plan.counts[register.code] = expired(register, swv, cutoff).count()
    return plan


def _freeze_until(cutoff: date, today: date) -> date:
    """Measurements up to a year after the cutoff can use removed rows ("zelfde periode vorig jaar");
    never freeze the running school year."""
    current_start = school_year_bounds(school_year_of(today))[0]
    return min(date(cutoff.year + 1, 7, 31), current_start - timedelta(days=1))


def freeze(swv, cutoff: date, today: date | None = None) -> int:
    """Store every measurement that may change when rows closed on or before ``cutoff`` are removed.

    Already frozen points stay as they are (the first freeze was made with all rows present).
    """
    from koers.monitoring import evaluation
    from koers.monitoring.measures import REGISTRY
    from koers.plans.models import Indicator

    today = today or clock.today()
    until = _freeze_until(cutoff, today)
    system = Audience.system(swv, reason="de waarden vastleggen voordat de leerlinggegevens worden verwijderd")
    public_audience = Audience.public(swv)  # what readers without pupil-level access saw
    made = []
    indicators = Indicator.objects.for_swv(swv).exclude(measure_code="").select_related("plan", "swv")
    for indicator in indicators:
        if indicator.measure_code not in REGISTRY:
            continue
        have = set(BevrorenMeting.objects.filter(indicator=indicator).values_list("date", flat=True))
        inside = evaluation.indicator_series(indicator, system, until=until)
        outside = {p.date: p for p in evaluation.indicator_series(indicator, public_audience, until=until)}
        kind = (indicator.measure_params or {}).get("periode") or REGISTRY[indicator.measure_code].default_period
        for point in inside:
            if point.date in have:
                continue
            public = outside.get(point.date)
            made.append(
                BevrorenMeting(
                    swv=swv,
                    indicator=indicator,
                    measure_code=indicator.measure_code,
                    period_kind=kind,
                    period_label=point.period_label[:60],
                    date=point.date,
                    value=point.value,
                    display=point.display[:60],
                    public_display=(public.display if public else "–")[:60],
                    public_suppressed=bool(public and public.suppressed),
                )
            )
    first = _first_year(swv, cutoff)
    if first is not None:
        codes = [c for c in REGISTRY if c.startswith(FROZEN_PREFIXES)]
        have = set(
            BevrorenMeting.objects.filter(swv=swv, indicator__isnull=True).values_list(
                "measure_code", "period_kind", "date"
            )
        )
        for year in range(first, school_year_of(until) + 1):
            day = school_year_bounds(year)[1]
            if day > until:
                break
            for code in codes:
                measure = REGISTRY[code]
                if (code, measure.default_period, day) in have:
                    continue
                inside = measure.value(system, day)
                outside = measure.value(public_audience, day)
                made.append(
                    BevrorenMeting(
                        swv=swv,
                        measure_code=code,
                        period_kind=measure.default_period,
                        period_label=school_year_label(year),
                        date=day,
                        value=inside.value,
                        display=str(inside.display)[:60],
                        public_display=str(outside.display)[:60],
                        public_suppressed=outside.suppressed,
                    )
                )
    BevrorenMeting.objects.bulk_create(made)
    return len(made)


def _first_year(swv, cutoff):
    """The first school year with a row that is about to be removed (None when there is none)."""
    starts = []
    for register, start_field in zip(REGISTERS, ("ontvangstdatum", "start", "since", "date", "peildatum"), strict=True):
        first = expired(register, swv, cutoff).order_by(start_field).values_list(start_field, flat=True).first()
        if first:
            starts.append(first)
    return school_year_of(min(starts)) if starts else None


@transaction.atomic
def save_retention_term(form, user):
    """The SWV's retention term (a ``RetentionForm`` over its Bewaartermijn); the history records who set it."""
    with acting_as(user):
        return form.save()


def apply_retention(swv, *, user=None, today: date | None = None) -> tuple[RetentionPlan, Verwijdering | None]:
    """Freeze, remove and record, in one transaction: all or nothing."""
    today = today or clock.today()
    with transaction.atomic():
        plan = retention_plan(swv, today)
        if not plan.total:
            return plan, None
        frozen = freeze(swv, plan.cutoff, today)
        for register in REGISTERS:
            deleted, _detail = expired(register, swv, plan.cutoff).delete()
            plan.counts[register.code] = deleted
        record = Verwijdering.objects.create(
            swv=swv,
            soort=Verwijdering.Soort.BEWAARTERMIJN,
            user=user,
            username=getattr(user, "username", "") or "systeem",
            aantallen=dict(plan.counts),
            reden=str(
                _("Bewaartermijn van %(n)s jaar verstreken: dossiers afgesloten op of voor %(d)s.")
                % {"n": plan.years, "d": plan.cutoff.strftime("%d-%m-%Y")}
            ),
            grensdatum=plan.cutoff,
            jaren=plan.years,
            bevroren=frozen,
        )
    _measures_changed(swv)
    return plan, record


def _measures_changed(swv):
    from koers.monitoring import cache

    transaction.on_commit(lambda: cache.changed(swv.pk))


# --- inzage- en verwijderverzoek ------------------------------------------------------------------------------


@sensitive_variables("text", "variants", "digits")
def find_pseudonyms(text: str) -> list[str]:
    """The pseudonyms a search may mean: a pseudonym as such, or the keyed hash of what was entered (a BSN is
    also tried without dots or dashes and with a leading zero, as exports write it differently).

    The entered text is hashed here and not kept.
    """
    text = (text or "").strip()
    if not text:
        return []
    if _PSEUDONYM_RE.match(text.lower()):
        return [text.lower()]
    variants = {text}
    if _BSN_RE.match(text):
        digits = re.sub(r"\D", "", text)
        variants |= {digits, digits.zfill(9)}
    return sorted({pseudonymise(v) for v in variants} - {""})


def kenmerk(pseudonym: str) -> str:
    return pseudonym[:KENMERK_LENGTH]


@dataclass
class PupilData:
    pseudonyms: list
    registers: list  # [(register, fields, [row values])]
    access: list  # AccessLog entries about this pupil

    @property
    def total(self):
        return sum(len(rows) for _r, _f, rows in self.registers)

    def counts(self):
        return {r.code: len(rows) for r, _f, rows in self.registers}


def pupil_rows(swv, pseudonyms) -> PupilData:
    registers = []
    for register in REGISTERS:
        fields = _fields(register.model)
        qs = register.rows(swv).filter(pupil__in=pseudonyms).order_by("id")
        registers.append((register, fields, [[getattr(o, f.attname) for f in fields] for o in qs]))
    access = Q()
    for p in pseudonyms:
        access |= Q(subject__contains=kenmerk(p))
    log = list(AccessLog.objects.filter(access, swv=swv).order_by("-timestamp")[:500]) if pseudonyms else []
    return PupilData(list(pseudonyms), registers, log)


def log_access(request, action: str, pseudonyms, what: str):
    names = ", ".join(kenmerk(p) for p in pseudonyms)
    AccessLog.objects.create(
        swv=request.swv,
        user=request.user,
        username=request.user.get_username(),
        action=action,
        subject=f"{what}: {_('leerling')} {names}"[:300],
    )


def delete_pupil(swv, pseudonyms, *, user, reason: str) -> Verwijdering:
    """Remove every row of these pseudonyms in this SWV and record it, in one transaction."""
    pseudonyms = [p for p in pseudonyms if _PSEUDONYM_RE.match(p or "")]
    with transaction.atomic():
        _measures_changed(swv)  # on commit
        counts = {}
        for register in REGISTERS:
            deleted, _detail = register.rows(swv).filter(pupil__in=pseudonyms).delete() if pseudonyms else (0, {})
            counts[register.code] = deleted
        return Verwijdering.objects.create(
            swv=swv,
            soort=Verwijdering.Soort.VERZOEK,
            user=user,
            username=getattr(user, "username", "") or "systeem",
            kenmerk=", ".join(kenmerk(p) for p in pseudonyms)[:100],
            aantallen=counts,
            reden=reason,
        )
