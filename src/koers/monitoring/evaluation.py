"""Indicators against their norms: the stable API for reports, the dashboard and the API.

- ``indicator_series(indicator, audience, *, until=None)`` -> list of :class:`Measurement`
- ``latest(indicator, audience, period)`` -> :class:`Measurement` of a :class:`~koers.core.periods.Period` (status
  ``geen_meting`` when there is none); the dashboard, the tertiaal page, the reports and the API ask through it
- Trend norms ("neemt jaarlijks toe") compare a value with the same period a year earlier (or the baseline);
  :attr:`Measurement.comparison` says with what ("T3 2023: 86").
- :class:`Status`: the one list of indicator statuses, with their labels (reports, dashboard and API use it)
- ``definition_text(indicator)`` -> str

An indicator is bound to a measure by ``Indicator.measure_code`` (+ ``measure_params``, e.g. ``{"periode":
"tertiaal"}``); without a measure code its values are the manual measurements.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import TextChoices
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koers.core import clock
from koers.core.audience import Audience
from koers.core.formatting import number, percentage
from koers.core.periods import (
    Period,
    Tertiaal,
    measured_tertiaal_of,
    months_before,
    parse_school_year,
    school_year_bounds,
    school_year_label,
    tertiaal_period,
)
from koers.monitoring import cache, definitions
from koers.monitoring.measures import REGISTRY, period_of
from koers.monitoring.measures.base import Result
from koers.monitoring.models import ManualMeasurement, PupilCount


class Status(TextChoices):
    """The status of an indicator's measurement against its norm."""

    BEHAALD = "behaald", gettext_lazy("behaald")
    NIET_BEHAALD = "niet_behaald", gettext_lazy("niet behaald")
    OP_KOERS = "op_koers", gettext_lazy("op koers")
    NIET_OP_KOERS = "niet_op_koers", gettext_lazy("niet op koers")
    GEEN_METING = "geen_meting", gettext_lazy("geen meting")


STATUS_LABELS = dict(Status.choices)
ON_TRACK = frozenset({Status.BEHAALD, Status.OP_KOERS})
OFF_TRACK = frozenset({Status.NIET_BEHAALD, Status.NIET_OP_KOERS})


@dataclass
class Measurement:
    period_label: str
    date: date | None
    value: Decimal | None
    display: str
    status: str
    status_label: str
    note: str = ""
    suppressed: bool = False
    # what a trend norm compared this value with: the same period a year earlier, or the baseline
    compared_label: str = ""
    compared_display: str = ""

    @property
    def css_class(self):
        return f"status status--{self.status}"

    @property
    def comparison(self) -> str:
        """'T3 2024: 79, T3 2023: 86', shown beside the status of a trend norm; '' without a comparison."""
        if not self.compared_label:
            return ""
        return f"{self.period_label}: {self.display}, {self.compared_label}: {self.compared_display}"

    @property
    def measured_text(self) -> str:
        """'gemeten t/m 31-07-2025' (a count date: 'peildatum 01-10-2024')."""
        if self.date is None:
            return ""
        shown = self.date.strftime("%d-%m-%Y")
        if self.period_label == shown:
            return _("peildatum %(d)s") % {"d": shown}
        return _("gemeten t/m %(d)s") % {"d": shown}


def _label(slug):
    return str(STATUS_LABELS[slug])


def none_measurement(as_of=None):
    return Measurement("", as_of, None, "–", "geen_meting", _label("geen_meting"))


def _compare(op, value, norm):
    return {"<": value < norm, "<=": value <= norm, ">": value > norm, ">=": value >= norm}.get(op, False)


def baseline_value(indicator) -> Decimal | None:
    """The baseline as a number: the stored nulmeting value, else the plan's baseline text where it is a number."""
    if getattr(indicator, "baseline_value", None) is not None:
        return indicator.baseline_value
    if not indicator.baseline:
        return None
    try:
        return Decimal(indicator.baseline.replace("%", "").replace(",", ".").strip())
    except ArithmeticError:
        return None


def status_of(indicator, value, previous, on: date) -> str:
    """The status of one value against the indicator's norm.

    ``previous`` is what a trend norm compares with: the value of the same period a year earlier (the baseline
    when there is none).
    """
    if value is None:
        return "geen_meting"
    kind = indicator.norm_kind
    if kind == "drempel" and indicator.norm_value is not None:
        return "behaald" if _compare(indicator.norm_operator or ">=", value, indicator.norm_value) else "niet_behaald"
    if kind == "nul":
        return "behaald" if value == 0 else "niet_behaald"
    if kind == "bereik" and None not in (indicator.norm_value, indicator.norm_value_high):
        return "behaald" if indicator.norm_value <= value <= indicator.norm_value_high else "niet_behaald"
    if kind == "trend":
        base = previous if previous is not None else baseline_value(indicator)
        if base is None:
            return "geen_meting"
        good = value > base if indicator.norm_direction == "stijgt" else value < base
        return "op_koers" if good else "niet_op_koers"
    if kind == "nulmeting":
        # the first measurement is the baseline; later ones are judged against it when a direction is given
        base = indicator.baseline_value
        if base is None or indicator.baseline_date is None or on <= indicator.baseline_date:
            return "geen_meting"
        if not indicator.norm_direction or value == base:
            return "geen_meting"
        good = value > base if indicator.norm_direction == "stijgt" else value < base
        return "op_koers" if good else "niet_op_koers"
    if kind == "mijlpaal":
        if value >= 1:
            return "behaald"
        deadline = indicator.milestone_deadline
        return "op_koers" if deadline is None or on <= deadline else "niet_behaald"
    return "geen_meting"  # no norm yet (nulmeting): the value is shown without a status


def _dates(indicator, until: date):
    """(label, date) of the measurement moments of a measure-bound indicator up to ``until``."""
    measure = REGISTRY[indicator.measure_code]
    kind = indicator.measure_params.get("periode") or measure.default_period
    plan = indicator.plan
    first = plan.first_year - 1 if plan.first_year else until.year - 5
    last_end = school_year_bounds(plan.last_year)[1] if plan.last_year else until
    end = min(until, last_end)
    if kind == "peildatum" and (measure.code.startswith(("leerlingen", "deelname"))):
        teldatum = (indicator.measure_params or {}).get(definitions.COUNT_DATE) or definitions.OCTOBER
        days = [d for d in _count_days(indicator.swv_id, teldatum) if date(first, 8, 1) <= d <= end]
        return [(d.strftime("%d-%m-%Y"), d) for d in days]
    out = []
    if kind == "schooljaar":
        for year in range(first, end.year + 1):
            start, stop = school_year_bounds(year)
            if start <= end:
                out.append((school_year_label(year), min(stop, end)))
    elif kind in ("tertiaal", "peildatum", "12maanden"):
        t = measured_tertiaal_of(date(first, 8, 1))
        while (p := tertiaal_period(t)).start <= end:  # the period model: T2 measured up to 31 July
            out.append((str(t), min(p.end, end)))
            t = t.next()
    elif kind == "maand":
        day = date(first, 8, 1)
        while day <= end:
            p = period_of("maand", day)
            out.append((p.label, min(p.end, end)))
            day = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return out


def _count_days(swv_id: int, teldatum: str) -> list[date]:
    """The SWV's count dates of one kind (1 October, 1 February), oldest first; read once per batch."""
    memo = cache.batch_memo()
    memo_key = ("count_days", swv_id, teldatum)
    if memo is not None and memo_key in memo:
        return memo[memo_key]
    days = list(
        PupilCount.objects.for_swv(swv_id)
        .filter(teldatum=teldatum)
        .values_list("peildatum", flat=True)
        .distinct()
        .order_by("peildatum")
    )
    if memo is not None:
        memo[memo_key] = days
    return days


def _display(indicator, value):
    if value is None:
        return "–"
    unit = (indicator.unit or "").strip().lower()
    if indicator.norm_kind == "mijlpaal" or unit in ("ja/nee", "ja-nee"):
        return _("ja") if value >= 1 else _("nee")
    if unit in ("%", "procent"):
        return percentage(value, 1)
    return number(value, 0 if value == int(value) else 1)


def _frozen(indicator) -> dict:
    """Values kept when the pupil rows behind them were removed (``koers bewaartermijn``), by date."""
    from koers.privacy.models import BevrorenMeting

    memo = cache.batch_memo()
    if memo is not None and ("frozen", indicator.pk) in memo:
        return {d: m for d, m in memo[("frozen", indicator.pk)].items() if m.measure_code == indicator.measure_code}
    kept = BevrorenMeting.objects.filter(indicator=indicator, measure_code=indicator.measure_code)
    return {m.date: m for m in kept}


def prefetch(indicators, audience: Audience, untils) -> None:
    """Read in bulk what :func:`indicator_series` will ask for these indicators up to each day of ``untils``, inside a
    running :func:`koers.monitoring.cache.batch` (outside one, nothing happens): their frozen values in one query,
    the count dates once per kind of count date, and every cached measure value with one ``get_many``. The series
    itself is computed exactly as without this; only the reads are bundled."""
    from koers.privacy.models import BevrorenMeting

    memo = cache.batch_memo()
    bound = [i for i in indicators if i.measure_code in REGISTRY]
    if memo is None or not bound:
        return
    missing = [i.pk for i in bound if ("frozen", i.pk) not in memo]
    if missing:
        found: dict = {pk: {} for pk in missing}
        for m in BevrorenMeting.objects.filter(indicator_id__in=missing):
            found[m.indicator_id][m.date] = m
        memo.update({("frozen", pk): kept for pk, kept in found.items()})
    keys = []
    for indicator in bound:
        measure = REGISTRY[indicator.measure_code]
        params = {k: v for k, v in (indicator.measure_params or {}).items() if k != "periode"}
        kind = (indicator.measure_params or {}).get("periode") or measure.default_period
        for until in untils:
            for _label, day in _dates(indicator, until):
                keys.append(measure.cache_key(audience, day, period=kind, **params))
                if _trend(indicator):
                    keys.append(measure.cache_key(audience, months_before(day, 12), period=kind, **params))
    cache.preload(keys)


def _manual_is_count(indicator) -> bool:
    """A manual measurement in pupils ('aantal', 'leerlingen') is a pupil count: suppressed like the registers."""
    unit = (indicator.unit or "").strip().lower()
    return unit == "aantal" or "leerling" in unit or "thuiszitter" in unit


def with_baseline(indicator, value, day):
    """The indicator as judged: a nulmeting without a stored baseline takes its first measurement (a copy in
    memory; :func:`koers.monitoring.services.add_manual_measurement` stores it for manual measurements)."""
    if indicator.norm_kind != "nulmeting" or indicator.baseline_value is not None or value is None:
        return indicator
    from copy import copy

    judged = copy(indicator)
    judged.baseline_value, judged.baseline_date = value, day
    return judged


def _trend(indicator) -> bool:
    return indicator.norm_kind == "trend"


def _year_earlier_label(kind: str, day: date) -> str:
    before = months_before(day, 12)
    return period_of(kind, before).label


def _compared(indicator, value, label, display):
    """(label, display) of what a trend value is compared with; the baseline when there is no value a year earlier."""
    if value is not None:
        return value, label, display
    base = baseline_value(indicator)
    if base is not None:
        return base, str(_("nulmeting")), indicator.baseline
    return None, "", ""


def indicator_series(indicator, audience: Audience, *, until: date | None = None) -> list[Measurement]:
    if not isinstance(audience, Audience):
        raise TypeError(f"indicator_series needs an Audience, not {audience!r}")
    if audience.swv_id != indicator.swv_id:
        raise PermissionError("this indicator belongs to another SWV than the audience")
    public = audience.suppressed
    until = until or clock.today()
    points = []
    if indicator.measure_code and indicator.measure_code in REGISTRY:
        measure = REGISTRY[indicator.measure_code]
        params = {k: v for k, v in (indicator.measure_params or {}).items() if k != "periode"}
        kind = (indicator.measure_params or {}).get("periode") or measure.default_period
        frozen = _frozen(indicator)

        def result_on(day):
            if day in frozen:  # the pupil rows behind this point were removed after the retention period
                kept = frozen[day]
                suppressed = public and kept.public_suppressed
                value = None if suppressed else kept.value
                return Result(value, kept.public_display if public else kept.display, suppressed)
            return measure.value(audience, day, period=kind, **params)

        for label, day in _dates(indicator, until):
            note = ""
            if day in frozen and audience.schools is not None:
                continue  # a frozen value is the SWV total, which a schoolbestuur does not see
            if day in frozen:
                note = _("Vastgelegd op %(d)s; de leerlinggegevens zijn daarna verwijderd (bewaartermijn).") % {
                    "d": frozen[day].frozen_at.strftime("%d-%m-%Y")
                }
            result = result_on(day)
            previous, compared_label, compared_display = None, "", ""
            if _trend(indicator) and result.value is not None:
                before = months_before(day, 12)  # the same period a year earlier, over as many days
                earlier = None if (before in frozen and audience.schools is not None) else result_on(before)
                previous, compared_label, compared_display = _compared(
                    indicator,
                    earlier.value if earlier is not None else None,
                    _year_earlier_label(kind, day) if kind != "peildatum" else before.strftime("%d-%m-%Y"),
                    earlier.display if earlier is not None else "",
                )
            if not result.suppressed:
                indicator = with_baseline(indicator, result.value, day)
            status = status_of(indicator, result.value, previous, day)
            if result.suppressed:
                status = "geen_meting"
            points.append(
                Measurement(
                    label,
                    day,
                    result.value,
                    result.display,
                    status,
                    _label(status),
                    note,
                    result.suppressed,
                    compared_label,
                    compared_display,
                )
            )
        return _label_unjudged([p for p in points if p.value is not None or p.suppressed], indicator)
    manual = (
        ManualMeasurement.objects.for_swv(indicator.swv_id)
        .filter(indicator=indicator, date__lte=until)
        .order_by("date", "id")
    )
    for m in manual:
        value = m.value if m.value is not None else (None if m.yes_no is None else Decimal(int(m.yes_no)))
        label = m.period_label or m.date.strftime("%d-%m-%Y")
        previous, compared_label, compared_display = None, "", ""
        if _trend(indicator) and value is not None:
            earlier = _manual_year_earlier(points, label, m.date)
            previous, compared_label, compared_display = _compared(
                indicator,
                earlier.value if earlier else None,
                earlier.period_label if earlier else "",
                earlier.display if earlier else "",
            )
        indicator = with_baseline(indicator, value, m.date)
        status = status_of(indicator, value, previous, m.date)
        display = _display(indicator, value)
        points.append(
            Measurement(
                label, m.date, value, display, status, _label(status), m.note, False, compared_label, compared_display
            )
        )
    return _label_unjudged(points, indicator)


def _manual_year_earlier(points: list[Measurement], label: str, day: date) -> Measurement | None:
    """The manual measurement of the same period a year earlier: the same tertiaal or school year one year back,
    else the one closest to twelve months before (within a month and a half)."""
    tertiaal = Tertiaal.try_parse(label)
    measured = [p for p in points if p.value is not None]
    if tertiaal is not None:
        wanted = Tertiaal(tertiaal.year - 1, tertiaal.number)
        found = [p for p in measured if Tertiaal.try_parse(p.period_label) == wanted]
        return found[-1] if found else None
    year = parse_school_year(label)
    if year is not None:
        found = [p for p in measured if parse_school_year(p.period_label) == year - 1]
        return found[-1] if found else None
    target = months_before(day, 12)
    near = [p for p in measured if p.date and abs((p.date - target).days) <= 45]
    return min(near, key=lambda p: (abs((p.date - target).days), p.date)) if near else None


def _label_unjudged(points, indicator):
    """A value without a status is 'geen norm', 'geen vergelijking' or 'afgeschermd', never 'geen meting'.

    Done here, so the dashboard, the reports and the indicator page say the same (the reviewer saw "82,4 geen
    meting" on the dashboard and "82,4 geen norm" on the indicator page).
    """
    for p in points:
        if p.status == "geen_meting" and p.suppressed:
            p.status_label = str(_("afgeschermd (klein aantal)"))
        elif indicator.norm_kind == "nulmeting" and p.value is not None and p is _first_measured(points):
            p.status_label = str(_("nulmeting"))
        elif p.status == "geen_meting" and p.value is not None:
            no_norm = indicator.norm_kind in ("", "geen", None)
            p.status_label = str(_("geen norm") if no_norm else _("geen vergelijking"))
    return points


def _first_measured(points):
    return next((p for p in points if p.value is not None), None)


def baseline_text(indicator, series, audience: Audience) -> str:
    """The nulmeting as shown: its value with its date ("62,0% (01-10-2023)"), else the text as written.

    The value comes from the series when it holds that date (so it is suppressed as every point is); a value
    typed into the plan that is a small pupil count is shown only to those who see pupil-level data.
    """
    value, day = indicator.baseline_value, indicator.baseline_date
    if value is None and indicator.norm_kind == "nulmeting":
        first = _first_measured(series)
        if first is not None:
            return f"{first.display} ({first.period_label})"
    if value is None or day is None:
        return indicator.baseline or "–"
    point = next((p for p in series if p.date == day), None)
    if point is not None:
        display = point.display
    elif _counts_pupils(indicator) and audience.hides(value):
        display = str(_("afgeschermd (klein aantal)"))
    else:
        display = _display(indicator, value)
    return f"{display} ({day.strftime('%d-%m-%Y')})"


def _counts_pupils(indicator) -> bool:
    measure = REGISTRY.get(indicator.measure_code or "")
    return bool(measure.pupils) if measure is not None else _manual_is_count(indicator)


def latest(indicator, audience: Audience, period: Period) -> Measurement:
    """The indicator's value for ``period`` (a tertiaal, a school year): its last measurement up to the day the
    period is measured up to. The one way the dashboard, the tertiaal page, the reports and the API ask for it."""
    if not isinstance(period, Period):
        raise TypeError(f"latest needs a Period (koers.core.periods), not {period!r}")
    series = indicator_series(indicator, audience, until=period.measured_until)
    return series[-1] if series else none_measurement(period.measured_until)


def definition_text(indicator, on: date | None = None) -> str:
    """The indicator's definition for every output: its own text, the measure, and the definition Koers used in
    words (:func:`koers.monitoring.definitions.sentence`: denominator, count date with its year, request kinds
    left out, interval), for the measurement on ``on`` (default: today)."""
    parts = []
    if indicator.definition:
        parts.append(indicator.definition)
    measure = REGISTRY.get(indicator.measure_code or "")
    if measure is not None:
        parts.append(_("Berekend door Koers als '%(n)s': %(d)s") % {"n": measure.name, "d": measure.definition})
        used = definitions.sentence(
            indicator.measure_code, indicator.measure_params, swv=indicator.swv_id, on=on or clock.today()
        )
        parts.append(_("Gebruikte definitie: %(s)s.") % {"s": used})
    elif not parts:
        parts.append(_("Handmatige metingen, ingevoerd door het bureau."))
    if indicator.norm_text:
        parts.append(_("Norm: %(n)s.") % {"n": indicator.norm_text})
    return " ".join(str(p) for p in parts)
