"""The top reasons of absence (verzuim register) per period, with the duration percentiles per reason.

One computation for the page ``monitoring:absence_reasons`` and the API endpoint ``/api/v1/verzuim/redenen/``:

- **Cases**: the verzuimmeldingen of absoluut and relatief verzuim (or one soort: absoluut, relatief or
  vrijstelling) with 'verzuim sinds' in the period, up to the day it is measured to (ADR 0017); a schoolbestuur
  gets its own schools only.
- **Per reason** (the register's column *reden*, or the soort): the number of cases and the duration in weeks
  (P50, P75, P90) from 'verzuim sinds' to 'einde verzuim', or to the day measured up to while the case runs.
- **Suppression** (ADR 0012): every count goes through ``Measure.result``; a count under the threshold is
  hidden, and while the hidden counts together are under the threshold the smallest shown one is hidden too, so
  that neither the total nor the other rows give a hidden count back. A percentile over fewer cases than the
  threshold is hidden as well (``Stat``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import django_filters as filters
from django import forms
from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koers.core import clock
from koers.core.audience import Audience
from koers.core.formatting import number
from koers.core.periods import (
    Period,
    school_year_label,
    school_year_of,
    school_year_period,
    tertiaal_period,
    tertialen_of_school_year,
)
from koers.monitoring.measures.absence import ABSENCE, quantile
from koers.monitoring.measures.base import Measure, Result, Stat, suppressed_count
from koers.monitoring.models import VerzuimMelding

LIMIT = 10  # reasons shown; the rest together as "overige redenen"
PERCENTILES = {"p50": 0.5, "p75": 0.75, "p90": 0.9}
PERCENTILE_LABELS = {"p50": gettext_lazy("mediaan"), "p75": gettext_lazy("P75"), "p90": gettext_lazy("P90")}
BY = {"reden": gettext_lazy("reden"), "soort": gettext_lazy("soort")}
SOORTEN = [("", gettext_lazy("absoluut en relatief verzuim")), *VerzuimMelding.Soort.choices]
COUNT = Measure("verzuim_reden_aantal", gettext_lazy("Verzuimmeldingen per reden"), "aantal", "", None)
DURATION = Measure(
    "verzuim_reden_duur", gettext_lazy("Verzuimduur per reden"), "weken", "", None, decimals=1, pupils=True
)


def period_choices(today: date | None = None) -> dict[str, Period]:
    """{key: Period}: this school year and the two before it, and the tertialen of this and the previous school
    year that have begun; the first is the default (this school year)."""
    today = today or clock.today()
    year = school_year_of(today)
    found = {}
    for y in (year, year - 1, year - 2):
        found[school_year_label(y)] = school_year_period(y, today)
    for y in (year, year - 1):
        for t in reversed(tertialen_of_school_year(y)):
            period = tertiaal_period(t, today)
            if period.start <= today:
                found[t.key] = period
    return found


class AbsenceReasonFilter(filters.FilterSet):
    """The choices of the page and the API (validated as a form: a wrong value is a message, not a guess).

    There is no queryset to filter for every reader (a schoolbestuur sees no register rows), so the FilterSet
    checks and names the parameters, and :func:`reason_table` counts."""

    periode = filters.ChoiceFilter(method="noop", label=gettext_lazy("Periode"), empty_label=None)
    indeling = filters.ChoiceFilter(
        method="noop",
        label=gettext_lazy("Indeling"),
        choices=[("reden", gettext_lazy("per reden")), ("soort", gettext_lazy("per soort verzuim"))],
        empty_label=None,
    )
    soort = filters.ChoiceFilter(
        method="noop",
        label=gettext_lazy("Soort"),
        choices=VerzuimMelding.Soort.choices,
        empty_label=gettext_lazy("absoluut en relatief verzuim"),
    )
    school = filters.CharFilter(
        method="noop",
        label=gettext_lazy("School (BRIN6)"),
        max_length=6,
        widget=forms.TextInput(attrs={"size": 8, "autocomplete": "off"}),
    )

    class Meta:
        model = VerzuimMelding
        fields = []

    def __init__(self, data=None, *args, today=None, **kwargs):
        super().__init__(data, *args, queryset=VerzuimMelding.objects.none(), **kwargs)
        self.periods = period_choices(today)
        field = self.form.fields["periode"]
        field.choices = [(key, period.label) for key, period in self.periods.items()]

    def noop(self, queryset, name, value):
        return queryset

    def choices(self) -> dict:
        """The cleaned choices with defaults; call after ``is_valid()``."""
        data = self.form.cleaned_data if self.form.is_bound and self.form.is_valid() else {}
        key = data.get("periode") or next(iter(self.periods))
        return {
            "period": self.periods[key],
            "period_key": key,
            "by": data.get("indeling") or "reden",
            "soort": data.get("soort") or "",
            "school": (data.get("school") or "").strip().upper(),
        }


@dataclass
class ReasonRow:
    label: str
    count: Result
    durations: dict[str, Result]
    n: int = field(repr=False, default=0)  # never shown: the raw count, for the suppression of the others
    other: bool = False  # the row "overige redenen"

    @property
    def duration_list(self) -> list[dict]:
        """The percentiles in column order, each with its header and its text (a number of weeks, or why not)."""
        return [
            {
                "header": _("Duur %(p)s (weken)") % {"p": PERCENTILE_LABELS[code]},
                "text": result.display if result.suppressed or result.value is None else number(result.value, 1),
            }
            for code, result in self.durations.items()
        ]


@dataclass
class ReasonTable:
    period: Period
    by: str
    rows: list[ReasonRow]
    total: ReasonRow
    definition: str


def _weeks(days: list[int]) -> dict[str, Stat]:
    days = sorted(days)
    return {
        code: Stat(None if not days else round(quantile(days, q) / 7, 4), len(days)) for code, q in PERCENTILES.items()
    }


def _durations(stats: dict[str, Stat], audience) -> dict[str, Result]:
    from decimal import Decimal

    return {
        code: DURATION.result(Stat(None if s.value is None else Decimal(str(s.value)), s.n), audience)
        for code, s in stats.items()
    }


def reason_table(
    audience: Audience, period: Period, *, by: str = "reden", soort: str = "", school: str = "", limit: int = LIMIT
) -> ReasonTable:
    """The top reasons of the cases begun in ``period`` for ``audience`` (see the module docstring)."""
    if not isinstance(audience, Audience):
        raise TypeError(f"reason_table needs an Audience, not {audience!r}")
    until = period.measured_until
    qs = VerzuimMelding.objects.for_swv(audience.swv_id).filter(since__range=(period.start, until))
    qs = qs.filter(soort=soort) if soort else qs.filter(soort__in=ABSENCE)
    schools = audience.limit_schools({school} if school else None)
    if schools is not None:
        qs = qs.filter(brin6__in=schools)
    field_name = by if by in BY else "reden"
    labels = dict(VerzuimMelding.Soort.choices)
    counts = list(qs.order_by().values_list(field_name).annotate(n=Count("id")).order_by("-n", field_name))
    top = [value for value, _n in counts[:limit]]
    days: dict[object, list[int]] = {}
    for value, since, end in qs.order_by().values_list(field_name, "since", "end"):
        stop = end if end is not None and end <= until else until
        key = value if value in top else None
        days.setdefault(key, []).append(max((stop - since).days, 0))
    all_days = [d for values in days.values() for d in values]

    def label(value):
        if field_name == "soort":
            return str(labels.get(value, value))
        return value or _("(geen reden)")

    rows = [ReasonRow(label(value), COUNT.result(n, audience), _durations(_weeks(days[value]), audience), n)
            for value, n in counts[:limit]]  # fmt: skip
    rest = sum(n for _value, n in counts[limit:])
    if rest:
        rows.append(
            ReasonRow(
                _("overige redenen") if field_name == "reden" else _("overige soorten"),
                COUNT.result(rest, audience),
                _durations(_weeks(days.get(None, [])), audience),
                rest,
                other=True,
            )
        )
    _protect(rows, audience)
    total_n = sum(n for _value, n in counts)
    total = ReasonRow(
        _("Alle meldingen"), COUNT.result(total_n, audience), _durations(_weeks(all_days), audience), total_n
    )
    if total.count.suppressed:  # everything is under the threshold: no row shows a count
        for row in rows:
            row.count = suppressed_count(audience)
    definition = _(
        "Meldingen van %(soort)s met 'verzuim sinds' van %(start)s tot en met %(until)s, per %(by)s. Duur in weken van "
        "'verzuim sinds' tot 'einde verzuim', of tot %(until)s als de melding nog loopt."
    ) % {
        "soort": dict(SOORTEN)[soort] if soort else _("absoluut en relatief verzuim"),
        "start": period.start.strftime("%d-%m-%Y"),
        "until": until.strftime("%d-%m-%Y"),
        "by": BY[field_name],
    }
    return ReasonTable(period, field_name, rows, total, definition)


def _protect(rows: list[ReasonRow], audience) -> None:
    """Hide the smallest shown counts while the hidden ones together are under the threshold (and some are hidden):
    the total minus the shown rows then never gives a small count back."""
    if not audience.suppressed:
        return
    while True:
        hidden = [r for r in rows if r.count.suppressed]
        shown = sorted((r for r in rows if not r.count.suppressed and r.n), key=lambda r: (r.n, r.label))
        if not hidden or not shown or sum(r.n for r in hidden) >= audience.threshold:
            return
        shown[0].count = suppressed_count(audience)
