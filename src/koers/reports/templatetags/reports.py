import re

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# Characters written as a CSS hex escape inside a CSS string: what could end the string (quotes, backslash,
# newline), end the <style> element or start markup (< > &), and every other control character.
_CSS_ESCAPE = re.compile(r"[\"'\\<>&\x00-\x1f\x7f]")
_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
DEFAULT_COLOUR = "#1d4f91"


@register.filter
def css_string(value) -> SafeString:
    """Quote text as a CSS string literal for use inside <style>, e.g. in a running page header.

    Every character that could close the string or the style element is written as a CSS hex escape (``<`` as
    ``\\3c ``; the space ends the escape and is not shown), so the result is safe as it is: templates use
    ``{{ text|css_string }}`` without ``|safe``."""
    text = "" if value is None else str(value)
    return mark_safe('"' + _CSS_ESCAPE.sub(lambda m: f"\\{ord(m.group(0)):x} ", text) + '"')  # noqa: S308


@register.filter
def css_colour(value) -> str:
    """A colour for CSS: only #rgb or #rrggbb passes, anything else becomes Koers' default colour."""
    text = str(value or "")
    return text if _COLOUR.fullmatch(text) else DEFAULT_COLOUR
