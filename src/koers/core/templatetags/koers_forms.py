"""Helpers for includes/form.html and includes/field.html: the error summary and screen-reader links."""

from django import forms, template
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
def described_by(field) -> str:
    """The aria-describedby of the fieldset around a group of checkboxes or radio buttons (see described_widget)."""
    return described_by_ids(field) if field.use_fieldset else ""


@register.filter
def described_widget(field):
    """Render the widget of a bound field with aria-describedby pointing at what field.html renders.

    Overrides an aria-describedby that a form put on its widget itself (some forms still point at an older
    "..._help" id), and leaves the attribute out when there is nothing to point at. A group of checkboxes or radio
    buttons (``use_fieldset``) gets it on its fieldset instead (described_by), as Django does: a screen reader
    then reads the help text once, with the legend, and not again for every choice."""
    ids = "" if field.use_fieldset else described_by_ids(field)
    attrs = {"aria-describedby": ids or False}  # False: the widget leaves the attribute out
    html = field.as_widget(attrs=attrs)
    if field.field.show_hidden_initial:
        html += field.as_hidden(only_initial=True)
    return html


def _first_choice_id(field) -> str:
    """The id of the first checkbox or radio button of a group: the link in the error summary goes there."""
    if not (field.use_fieldset and isinstance(field.field.widget, forms.RadioSelect)):  # also CheckboxSelectMultiple
        return ""
    choices = field.subwidgets
    return choices[0].id_for_label if choices else ""


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
        target = field.id_for_label or _first_choice_id(field) or field.auto_id
        for message in field.errors:
            items.append({"href": f"#{target}" if target else "", "label": field.label, "message": message})
    return items
