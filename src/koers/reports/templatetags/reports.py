from django import template

register = template.Library()


@register.filter
def css_string(value) -> str:
    """Quote text for use as a CSS string, e.g. in a running page header."""
    text = str(value or "").replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return f'"{text}"'
