"""The demo trajectory: SPPOH on its way to the ondersteuningsplan 2025-2029, with two thematafels.

Moved with the demo clock (koers.demo.clock): in the tests (21-07-2025) it is the plan 2025-2029; on a later day
the plan that starts in the coming school year. No draft plan is made here: starting one from the old plan is
the other part of issue 16; the outcomes wait for it ("nog niet verwerkt"), one was not taken over, with a reason.
"""

from datetime import date

from koers.organisations.models import Gremium
from koers.trajectory import services
from koers.trajectory.models import ConsultationTheme, Outcome, Participation, StakeholderGroup, Thematafel, Trajectory

TABLES = [
    (
        "Thematafel ouders",
        "Ouders",
        (2, 11),
        {"Ouders": 14, "Ondersteuningsplanraad (OPR)": 2},
        [
            (
                "Ouderbetrokkenheid",
                "Ouders willen eerder betrokken worden bij het gesprek over extra ondersteuning.",
                True,
                "open",
                "",
            ),  # noqa: E501
            (
                "Thuiszitters",
                "Ouders van thuiszitters zoeken één vast aanspreekpunt bij het samenwerkingsverband.",
                True,
                "open",
                "",
            ),  # noqa: E501
        ],
    ),
    (
        "Thematafel intern begeleiders",
        "Intern begeleiders",
        (3, 10),
        {"Intern begeleiders": 22, "Directeuren": 5},
        [
            (
                "Basisondersteuning",
                "De afspraken over basisondersteuning zijn per school anders uitgewerkt; maak ze samen concreter.",
                True,
                "open",
                "",
            ),  # noqa: E501
            (
                "Bekostiging",
                "Een eigen budget per intern begeleider voor kortdurende interventies.",
                False,
                "niet_overgenomen",
                "Past niet in het hybride model van bekostiging; scholen krijgen al een vergoeding voor basisondersteuning.",
            ),  # noqa: E501
        ],
    ),
]


def generate(swv, *, user=None):
    from koers.demo.clock import years_moved

    first_year = 2025 + years_moved()
    if Trajectory.objects.for_swv(swv).filter(first_year=first_year).exists():
        return None
    Gremium.objects.get_or_create(swv=swv, name="Bestuur SPPOH", defaults={"kind": Gremium.Kind.BESTUUR})
    trajectory = services.create_trajectory(swv=swv, user=user, first_year=first_year)
    trajectory.public = True
    trajectory.save(update_fields=["public"])
    groups = {g.name: g for g in StakeholderGroup.objects.for_swv(swv)}
    for title, group, (month, day), counts, outcomes in TABLES:
        table = Thematafel.objects.create(
            swv=swv,
            trajectory=trajectory,
            group=groups[group],
            title=title,
            held_on=date(first_year - 1, month, day),
            public=True,
            summary="Interactieve bijeenkomst met een externe voorzitter.",
        )
        for name, count in counts.items():
            Participation.objects.create(swv=swv, table=table, group=groups[name], count=count)
        for theme_name, heard, public, status, reason in outcomes:
            theme, _created = ConsultationTheme.objects.get_or_create(swv=swv, trajectory=trajectory, name=theme_name)
            table.themes.add(theme)
            Outcome.objects.create(
                swv=swv, table=table, theme=theme, heard=heard, public=public, status=status, reason=reason
            )
    return trajectory
