import re

from django import template
from django.utils.safestring import SafeString, mark_safe

from koers.core import formatting
from koers.core.models import COLOUR_PATTERN, DEFAULT_COLOUR
from koers.core.periods import Tertiaal, school_year_label

register = template.Library()

# Characters written as a CSS hex escape inside a CSS string: what could end the string (quotes, backslash,
# newline), end the <style> element or start markup (< > &), and every other control character.
_CSS_ESCAPE = re.compile(r"[\"'\\<>&\x00-\x1f\x7f]")
_COLOUR = re.compile(COLOUR_PATTERN)


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


@register.filter
def nl_number(value, decimals=0):
    return formatting.number(value, int(decimals))


@register.filter
def nl_percentage(value, decimals=1):
    return formatting.percentage(value, int(decimals))


@register.filter
def nl_money(value, decimals=0):
    return formatting.money(value, int(decimals))


@register.filter
def nl_money_nbsp(value, decimals=0):
    """As nl_money, with a non-breaking space: a narrow column never puts EUR and the amount on two lines."""
    return formatting.money(value, int(decimals), nbsp=True)


@register.filter
def nl_money_in_text(value):
    """Free text with its amounts in the app's money format (€ 5.718.331,00 -> EUR 5.718.331)."""
    return formatting.money_in_text(str(value or ""))


@register.filter
def nl_date(value):
    return formatting.dutch_date(value)


@register.filter
def tertiaal(value):
    parsed = Tertiaal.try_parse(value or "")
    return str(parsed) if parsed else (value or "–")


@register.filter
def schooljaar(value):
    return school_year_label(int(value)) if value not in (None, "") else "–"


@register.simple_tag(takes_context=True)
def can(context, permission):
    return permission in context.get("koers_perms", set())


@register.simple_tag(takes_context=True)
def querystring_with(context, **kwargs):
    params = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + params.urlencode() if params else "?"


@register.filter
def model_label(obj):
    return obj._meta.label_lower


@register.filter
def paragraphs(value) -> SafeString:
    """Plain text with its paragraphs, line breaks and ``- `` lists as HTML (``koers.core.text.blocks``).

    Every line is escaped before it is put in markup, so ``{{ text|paragraphs }}`` needs no ``|safe``."""
    from django.utils.html import escape

    from koers.core import text

    parts = []
    for block in text.blocks(value):
        if block.kind == text.LIST:
            parts.append("<ul>" + "".join(f"<li>{escape(line)}</li>" for line in block.lines) + "</ul>")
        else:
            parts.append("<p>" + "<br>".join(escape(line) for line in block.lines) + "</p>")
    return mark_safe("".join(parts))  # noqa: S308 - every line escaped above
