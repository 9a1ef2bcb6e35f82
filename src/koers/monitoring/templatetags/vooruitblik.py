"""``{% vooruitblik_dashboard %}``: the dashboard's "Vooruitblik" (one include for the shared dashboard template)."""

from django import template

from koers.monitoring.forecast import display

register = template.Library()


@register.inclusion_tag("monitoring/_vooruitblik.html", takes_context=True)
def vooruitblik_dashboard(context):
    request = context.get("request")
    audience = getattr(request, "audience", None)
    if audience is None:
        return {"vb": None}
    return {"vb": display.overview(audience), "heading": "h2"}
