"""includes/form.html and includes/field.html: an error summary on top, and help text and errors that a screen
reader reads with their field."""

from html.parser import HTMLParser
from pathlib import Path

import pytest
from django import forms
from django.template.loader import render_to_string

from koers.core.templatetags.koers_forms import error_summary


class ExampleForm(forms.Form):
    hidden = forms.CharField(widget=forms.HiddenInput)
    name = forms.CharField(label="Naam", help_text="Zoals in de statuten.")
    code = forms.CharField(label="Code", help_text="Bijvoorbeeld PO2801.")
    city = forms.CharField(label="Plaats", required=False)
    agree = forms.BooleanField(label="Ik ga akkoord", help_text="Lees eerst de voorwaarden.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # As some forms of Koers still do: point the widget at an older id. The include must win.
        self.fields["code"].widget.attrs["aria-describedby"] = "id_code_help"

    def clean(self):
        raise forms.ValidationError("Dit samenwerkingsverband bestaat al.")


class Elements(HTMLParser):
    """Every element with its attributes, and the text of each element with an id."""

    def __init__(self, html):
        super().__init__()
        self.elements, self.texts, self._open = [], {}, []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs, tag=tag)
        self.elements.append(attrs)
        if tag not in ("input", "br", "img", "meta", "link"):
            self._open.append(attrs)

    def handle_endtag(self, tag):
        while self._open and self._open.pop()["tag"] != tag:
            pass

    def handle_data(self, data):
        for attrs in self._open:
            if "id" in attrs:
                self.texts[attrs["id"]] = self.texts.get(attrs["id"], "") + data

    def by_id(self, element_id):
        return next(e for e in self.elements if e.get("id") == element_id)

    def find(self, **attrs):
        return [e for e in self.elements if all(e.get(k) == v for k, v in attrs.items())]


def render(form):
    return render_to_string("includes/form.html", {"form": form})


def test_help_text_and_error_ids_match_aria_describedby():
    page = Elements(render(ExampleForm(data={"code": "PO2801"})))
    for name, expected in [
        ("name", ["id_name_helptext", "id_name_error"]),  # help text and an error
        ("code", ["id_code_helptext"]),  # help text, no error; the form's own "id_code_help" is replaced
        ("agree", ["id_agree_helptext", "id_agree_error"]),  # a checkbox too
    ]:
        described = page.by_id(f"id_{name}")["aria-describedby"].split()
        assert described == expected, name
        for element_id in described:
            assert page.texts[element_id].strip(), element_id  # the element exists and says something
    assert "Zoals in de statuten." in page.texts["id_name_helptext"]
    assert "Dit veld is vereist." in page.texts["id_name_error"]
    assert page.by_id("id_name")["aria-invalid"] == "true"
    assert "aria-describedby" not in page.by_id("id_city")  # nothing to point at: no attribute


def test_a_form_with_errors_starts_with_a_summary_that_links_to_the_fields():
    html = render(ExampleForm(data={"code": "PO2801"}))
    page = Elements(html)
    summary = page.by_id("form-error-summary")
    assert summary["role"] == "alert" and summary["tabindex"] == "-1" and "data-error-summary" in summary
    assert "alert alert--error" in summary["class"]
    assert html.index('id="form-error-summary"') < html.index('id="id_name"')  # on top of the form
    text = " ".join(page.texts["form-error-summary"].split())
    assert "Er zijn 4 fouten in het formulier" in text  # the form, the hidden field, name, agree
    assert "Dit samenwerkingsverband bestaat al." in text
    links = [a["href"] for a in page.find(tag="a")]
    assert links == ["#id_name", "#id_agree"]
    assert "Naam: Dit veld is vereist." in text and "Ik ga akkoord: Dit veld is vereist." in text
    assert "(Verborgen veld hidden) Dit veld is vereist." in text  # Django's wording for a hidden field
    assert len(page.find(role="alert")) == 1  # the form's own errors are in the summary, not in a second alert


def test_one_error_is_counted_in_the_singular_and_a_prefix_keeps_ids_unique():
    class OneField(forms.Form):
        title = forms.CharField(label="Titel")

    page = Elements(render(OneField(data={}, prefix="jaarplan")))
    assert "Er is 1 fout in het formulier" in page.texts["jaarplan-error-summary"]
    assert [a["href"] for a in page.find(tag="a")] == ["#id_jaarplan-title"]
    assert page.by_id("id_jaarplan-title")["aria-describedby"] == "id_jaarplan-title_error"


def test_no_summary_without_errors():
    class OneField(forms.Form):
        title = forms.CharField(label="Titel", help_text="Kort en duidelijk.")

    assert "error-summary" not in render(ExampleForm())  # not submitted yet
    page = Elements(render(OneField(data={"title": "Goed"})))
    assert not page.find(role="alert")
    assert page.by_id("id_title")["aria-describedby"] == "id_title_helptext"


def test_error_summary_lists_errors_in_form_order():
    form = ExampleForm(data={"code": "b"})
    assert [(i["href"], i["message"]) for i in error_summary(form)] == [
        ("", "Dit samenwerkingsverband bestaat al."),
        ("", "(Verborgen veld hidden) Dit veld is vereist."),
        ("#id_name", "Dit veld is vereist."),
        ("#id_agree", "Dit veld is vereist."),
    ]


@pytest.mark.django_db
def test_a_failed_login_shows_the_summary_and_koers_js_moves_the_focus_to_it(client, bureau_user):
    response = client.post("/account/inloggen/", {"username": "", "password": ""})
    page = Elements(response.content.decode())
    summary = page.by_id("form-error-summary")
    assert summary["role"] == "alert" and summary["tabindex"] == "-1"
    assert [a["href"] for a in page.find(tag="a") if a["href"].startswith("#id_")] == ["#id_username", "#id_password"]
    js = (Path(__file__).parents[1] / "static" / "koers" / "koers.js").read_text()
    assert "[data-error-summary]" in js and ".focus()" in js


class GroupForm(forms.Form):
    involved = forms.MultipleChoiceField(
        label="Betrokkenen",
        help_text="Kies wie meedoen.",
        choices=[("ouders", "Ouders"), ("scholen", "Scholen")],
        widget=forms.CheckboxSelectMultiple,
    )
    kind = forms.ChoiceField(label="Soort", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)


def test_a_group_of_checkboxes_is_a_fieldset_with_the_legend_before_the_choices():
    html = render(GroupForm(data={}))
    page = Elements(html)
    fieldsets = page.find(tag="fieldset")
    assert len(fieldsets) == 2 and not page.find(tag="label", **{"for": "id_involved"})
    # the legend comes first, then help text and error, then the checkboxes, all inside the fieldset
    start = html.index("<fieldset")
    legend = html.index("<legend>", start)
    assert start < legend < html.index("Betrokkenen", start) < html.index('id="id_involved_helptext"')
    assert html.index('id="id_involved_error"') < html.index('id="id_involved_0"') < html.index("</fieldset>")
    # help text and error are read once, with the legend: on the fieldset, not on every checkbox
    assert fieldsets[0]["aria-describedby"].split() == ["id_involved_helptext", "id_involved_error"]
    assert fieldsets[1]["aria-describedby"] == "id_kind_error"  # radio buttons too; no help text
    for choice in ("id_involved_0", "id_involved_1", "id_kind_0"):
        assert "aria-describedby" not in page.by_id(choice)
    assert "Kies wie meedoen." in page.texts["id_involved_helptext"]
    # the error summary links to the first choice of each group
    summary = [a["href"] for a in page.find(tag="a")]
    assert summary == ["#id_involved_0", "#id_kind_0"]


def test_a_group_without_help_or_errors_has_no_aria_describedby():
    class Plain(forms.Form):
        kind = forms.ChoiceField(label="Soort", choices=[("a", "A")], widget=forms.RadioSelect)

    page = Elements(render(Plain()))
    assert "aria-describedby" not in page.find(tag="fieldset")[0]
