"""Suppression at the audience layer, exhaustively over measures × breakdowns × periods (ADR 0012).

For random small registers, every audience without pupil-level access gets, for every measure, every breakdown
(none, bestuur, werkgebied, school) and every period kind: no pupil count, numerator or number of cases between
1 and the threshold; and in a breakdown never exactly one hidden part beside a shown total when another part could
be hidden (complementary suppression).
"""

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from koers.accounts.audience import for_command_line, for_role
from koers.core.audience import Audience
from koers.monitoring.measures import KINDS, REGISTRY, breakdown
from koers.monitoring.measures.base import groups
from koers.monitoring.models import Arrangement, PupilCount, Terugplaatsing, Tlv, VerzuimMelding
from koers.organisations.models import Werkgebied
from koers_dev.testing.factories import SchoolbestuurFactory, SchoolFactory, SwvFactory

pytestmark = pytest.mark.django_db(transaction=False)

ON = date(2025, 3, 31)
BREAKDOWNS = (None, "bestuur", "werkgebied", "school")
SCHOOL_TYPES = ("BO", "SBO", "SO")
per_school = st.fixed_dictionaries(
    {
        "tlv": st.integers(0, 7),
        "arrangement": st.integers(0, 6),
        "verzuim": st.integers(0, 6),
        "terug": st.integers(0, 4),
        "pupils": st.tuples(*(st.integers(0, 9) for _ in SCHOOL_TYPES)),
    }
)


def _build(data):
    swv = SwvFactory()
    besturen = [SchoolbestuurFactory(swv=swv, name=f"Bestuur {i}", bevoegd_gezag=f"2000{i}") for i in range(2)]
    areas = [Werkgebied.unscoped.create(swv=swv, name=f"Gebied {i}") for i in range(2)]
    schools = [
        SchoolFactory(swv=swv, bestuur=besturen[i % 2], werkgebied=areas[i // 2 % 2], name=f"School {i}")
        for i in range(len(data))
    ]
    n = 0
    for school, d in zip(schools, data, strict=True):
        for i in range(d["tlv"]):
            n += 1
            received = date(2024, 8, 20) + timedelta(days=11 * n % 200)
            Tlv.unscoped.create(
                swv=swv,
                dossiernummer=f"T{n}",
                aanvraagsoort="TLV SBO",
                brin6=school.brin6,
                ontvangstdatum=received,
                datum_compleet=received + timedelta(days=3 + i),
                besluitdatum=None if i % 4 == 3 else received + timedelta(days=20 + 3 * i),
                besluit="" if i % 4 == 3 else "afgegeven",
            )
        for i in range(d["arrangement"]):
            n += 1
            start = date(2024, 9, 1) + timedelta(days=17 * i)
            Arrangement.unscoped.create(
                swv=swv, number=f"A{n}", kind="groep", brin6=school.brin6, pupil=f"p{n}", start=start, cost=1000
            )
        for i in range(d["verzuim"]):
            n += 1
            since = ON - timedelta(days=10 + 25 * i)
            VerzuimMelding.unscoped.create(
                swv=swv,
                meldingnummer=f"V{n}",
                pupil=f"p{n}",
                soort=("absoluut", "relatief")[i % 2],
                since=since,
                brin6=school.brin6,
            )
        for i in range(d["terug"]):
            n += 1
            Terugplaatsing.unscoped.create(
                swv=swv,
                number=f"R{n}",
                pupil=f"p{n}",
                from_type="SBO",
                from_brin6=school.brin6,
                date=date(2024, 10, 1) + timedelta(days=30 * i),
            )
        for kind, count in zip(SCHOOL_TYPES, d["pupils"], strict=True):
            PupilCount.unscoped.create(
                swv=swv,
                peiljaar=2024,
                peildatum=date(2024, 10, 1),
                level="school",
                brin6=school.brin6,
                school_type=kind,
                count=count,
            )
    return swv


def _check(audience, swv):
    threshold = audience.threshold
    everything = Audience.system(swv, reason="test: de ruwe waarden naast de afgeschermde")
    for code, measure in REGISTRY.items():
        for kind in KINDS:
            for by in BREAKDOWNS:
                if by is None:
                    shown = [("totaal", measure.value(audience, ON, period=kind), audience.schools)]
                else:
                    brins = groups(swv, by)
                    shown = [
                        (label, result, audience.limit_schools(brins[label]))
                        for label, result in breakdown(measure, audience, ON, by, period=kind)
                    ]
                hidden_parts, visible_sizes = 0, []
                for label, result, schools in shown:
                    raw = measure.compute(everything.swv, ON, period=kind, schools=schools)
                    size = measure.hidden_size(raw)
                    where = (code, kind, by, label, size)
                    if size is not None and 0 < size < threshold:
                        assert result.suppressed and result.value is None and result.numerator is None, where
                        assert result.reason, where
                    if result.suppressed:
                        hidden_parts += 1
                    elif size:
                        visible_sizes.append(size)
                if by is not None and len(shown) > 1:
                    # one hidden part beside a shown total would be the total minus the others
                    assert hidden_parts != 1 or not visible_sizes, (code, kind, by)


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.lists(per_school, min_size=2, max_size=4))
def test_no_small_count_reaches_an_audience_without_pupil_level_access(data, django_db_blocker):
    swv = _build(data)
    bestuur = list(swv_besturen_of(swv))
    audiences = [
        for_command_line(swv, "toezicht"),
        Audience.public(swv),
        for_role(swv, "schoolbestuur", kind="gebruiker", schoolbestuur_id=bestuur[0].pk),
    ]
    for audience in audiences:
        assert audience.suppressed
        _check(audience, swv)


def swv_besturen_of(swv):
    from koers.organisations.models import Schoolbestuur

    return Schoolbestuur.objects.for_swv(swv).order_by("bevoegd_gezag")
