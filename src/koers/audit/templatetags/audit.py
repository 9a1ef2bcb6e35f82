from django import template

from koers.audit.presenters import present_history

register = template.Library()


@register.simple_tag
def readable_history(entries):
    """``{% readable_history entries as rows %}``: each row has ``.entry`` and readable ``.changes``."""
    return present_history(entries)
