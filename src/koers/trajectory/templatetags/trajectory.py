from django import template

from koers.trajectory import services

register = template.Library()


@register.inclusion_tag("trajectory/_element_origin.html", takes_context=True)
def element_origin(context, element):
    """ "Wat we ermee deden": the outcomes of thematafels that a doel or hoofdactiviteit of a draft answers."""
    request = context.get("request")
    audience = getattr(request, "audience", None)
    if audience is None or element is None or not getattr(element, "pk", None):
        return {"outcomes": []}
    return {"outcomes": list(services.outcomes_for_element(element, audience))}
