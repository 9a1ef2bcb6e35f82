"""``{% flows_section %}``: the "Leerlingstromen" section of the dashboard (see koers.monitoring.flow_section)."""

from django import template

from koers.core import clock
from koers.monitoring.flow_section import board_svg, flow_section

register = template.Library()


@register.inclusion_tag("monitoring/_flows_section.html", takes_context=True)
def flows_section(context, on=None):
    request = context.get("request")
    audience = getattr(request, "audience", None)
    if audience is None or getattr(audience, "swv_id", None) is None:
        return {"section": None}
    on = on or clock.today()
    return {
        "section": flow_section(audience, on),
        "can_view_pupil": audience.may("monitoring.view_pupil"),
    }


@register.filter
def flows_chart(flows):
    """``{{ payload.flows|flows_chart }}``: the SVG of a stored flows section (board pack)."""
    return board_svg(flows)
