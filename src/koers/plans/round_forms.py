"""Forms of the voortgangsronde: review, comments and evidence (the update itself is ``forms.UpdateForm``)."""

from django import forms
from django.utils.translation import gettext_lazy as _

REASON_HELP = _("Alleen nodig als de tertiaalrapportage over deze tertiaal al is uitgebracht.")


def _reason():
    return forms.CharField(
        label=_("Reden van de wijziging"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=REASON_HELP,
    )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Beoordeling"),
        choices=[("accepteren", _("Accepteren")), ("terugsturen", _("Terugsturen"))],
        widget=forms.HiddenInput,
    )
    comment = forms.CharField(
        label=_("Opmerking voor de eigenaar"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Verplicht bij terugsturen: wat moet de eigenaar aanvullen of verbeteren?"),
    )
    reason = _reason()


class CommentForm(forms.Form):
    prefix = "opmerking"  # beside the update form on the activity page: ids of its own
    text = forms.CharField(label=_("Opmerking"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class EvidenceForm(forms.Form):
    prefix = "bewijs"
    title = forms.CharField(
        label=_("Omschrijving"),
        max_length=200,
        required=False,
        help_text=_("Bijvoorbeeld: verslag van de bijeenkomst. Leeg: de bestandsnaam of de link."),
    )
    upload = forms.FileField(
        label=_("Bestand"),
        required=False,
        help_text=_("Wordt versleuteld bewaard en is alleen te openen voor het bureau en de eigenaar."),
    )
    url = forms.URLField(label=_("Of een link"), required=False, max_length=500, assume_scheme="https")
    reason = _reason()
