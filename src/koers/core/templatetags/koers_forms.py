"""Helpers for includes/form.html and includes/field.html: the error summary and screen-reader links."""

from django import template
from django.utils.translation import gettext

register = template.Library()


def described_by_ids(field) -> str:
    """The ids field.html gives the help text and the error message of ``field``, in reading order."""
    if not field.auto_id:
        return ""
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}_helptext")
    if field.errors:
        ids.append(f"{field.auto_id}_error")
    return " ".join(ids)


@register.filter
def described_widget(field):
    """Render the widget of a bound field with aria-describedby pointing at what field.html renders.

    Overrides an aria-describedby that a form put on its widget itself (some forms still point at an older
    "..._help" id), and leaves the attribute out when there is nothing to point at."""
    ids = described_by_ids(field)
    attrs = {"aria-describedby": ids or False}  # False: the widget leaves the attribute out
    html = field.as_widget(attrs=attrs)
    if field.field.show_hidden_initial:
        html += field.as_hidden(only_initial=True)
    return html


@register.filter
def error_summary(form):
    """Every error of ``form`` as a list of {"href", "label", "message"}, in the order of the form.

    Errors that belong to a visible field link to that field; the other errors (of the whole form, or of a
    hidden field) have no href."""
    items = [{"href": "", "label": "", "message": message} for message in form.non_field_errors()]
    for field in form.hidden_fields():
        for message in field.errors:  # as Django's own form rendering says it ("Verborgen veld ...")
            text = gettext("(Hidden field %(name)s) %(error)s") % {"name": field.name, "error": message}
            items.append({"href": "", "label": "", "message": text})
    for field in form.visible_fields():
        target = field.id_for_label or field.auto_id
        for message in field.errors:
            items.append({"href": f"#{target}" if target else "", "label": field.label, "message": message})
    return items
