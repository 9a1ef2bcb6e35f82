from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from koers.consultation.models import COMMENT_MAX, Comment, Invitee
from koers.core.forms import DutchDateField


class RoundForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    intro = forms.CharField(
        label=_("Inleiding voor de genodigden"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
    )
    opens_on = DutchDateField(label=_("Open vanaf"))
    closes_on = DutchDateField(label=_("Sluit op"))
    elements = forms.MultipleChoiceField(
        label=_("Onderdelen open voor reactie"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Kiest u niets, dan is het hele concept open voor reactie."),
    )

    def __init__(self, *args, elements=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["elements"].choices = [(e.key, f"{e.level} {e.code}: {e.title[:80]}") for e in elements]


class InviteForm(forms.Form):
    name = forms.CharField(label=_("Naam of omschrijving"), max_length=120)
    email = forms.EmailField(label=_("E-mailadres"), max_length=254)
    group = forms.ChoiceField(label=_("Groep"), choices=Invitee.Group.choices)
    name_in_appendix = forms.BooleanField(
        label=_("De genodigde stemt ermee in dat de naam in de bijlage staat"), required=False
    )


class CommentForm(forms.Form):
    element = forms.CharField(widget=forms.HiddenInput, max_length=40)
    text = forms.CharField(
        label=_("Uw reactie"),
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=[MaxLengthValidator(COMMENT_MAX)],
    )


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Wat we ermee deden"),
        choices=[c for c in Comment.Answer.choices if c[0] != Comment.Answer.OPEN],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Toelichting"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[MaxLengthValidator(COMMENT_MAX)],
        help_text=_("Verplicht bij deels of niet overgenomen."),
    )
