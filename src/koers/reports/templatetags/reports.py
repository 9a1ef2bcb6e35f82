"""The CSS filters of the report documents. They live in the core tag library (``{% load koers %}``), which
base.html loads too; ``{% load reports %}`` keeps offering them to the report templates."""

from django import template

from koers.core.templatetags.koers import css_colour, css_string

register = template.Library()
register.filter("css_string", css_string)
register.filter("css_colour", css_colour)

__all__ = ["css_colour", "css_string"]
