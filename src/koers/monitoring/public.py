"""Measures a bureau may publish on its public page (always with small-count suppression)."""

from django.utils.translation import gettext as _

from koers.core import clock
from koers.core.audience import PUBLIC as PUBLIC_AUDIENCE
from koers.core.audience import Audience
from koers.monitoring import definitions
from koers.monitoring.measures import REGISTRY

PUBLIC = [
    "deelname_sbo",
    "deelname_so",
    "deelname_sbo_incl_so",
    "deelname_so_incl_so",
    "deelname_vso",
    "thuiszitters_per_1000",
    "tlv_afgegeven",
    "tlv_doorlooptijd_ontvangst_besluit_mediaan",
]


def public_measure_choices(swv):
    return [(code, str(REGISTRY[code].name)) for code in PUBLIC if code in REGISTRY]


def public_figures(audience: Audience, codes):
    """The chosen figures for the public audience (small counts always suppressed)."""
    if audience.kind != PUBLIC_AUDIENCE:
        raise ValueError("public figures are made for the public audience only")
    on = clock.today()
    out = []
    for code in codes:
        measure = REGISTRY.get(code)
        if measure is None or not measure.public:
            continue
        result = measure.value(audience, on)
        used = definitions.sentence(code, {}, swv=audience.swv_id, on=on)
        out.append(
            {
                "code": code,
                "label": str(measure.name),
                "display": result.display,
                "definition": f"{measure.definition} {_('Gebruikte definitie: %(s)s.') % {'s': used}}",
            }
        )
    return out
