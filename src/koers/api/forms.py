from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.api.models import SCOPE_PERMISSIONS, Scope

EXPIRY_CHOICES = [
    ("30", _("30 dagen")),
    ("90", _("90 dagen")),
    ("180", _("180 dagen")),
    ("365", _("1 jaar")),
]


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Naam"),
        max_length=100,
        help_text=_("Waarvoor u deze sleutel gebruikt, bijv. 'Power BI' of 'koppeling website'."),
    )
    scopes = forms.MultipleChoiceField(
        label=_("Rechten"),
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Kies alleen wat de koppeling nodig heeft."),
        error_messages={"required": _("Kies ten minste één recht.")},
    )
    expires_in = forms.ChoiceField(
        label=_("Geldig"), choices=EXPIRY_CHOICES, initial="90", help_text=_("Daarna werkt de sleutel niet meer.")
    )

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        # offer only the scopes the user's role can use: a token never reaches further than its holder
        self.fields["scopes"].choices = [
            (value, label) for value, label in Scope.choices if membership.has(SCOPE_PERMISSIONS[value])
        ]

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Geef de sleutel een naam."))
        return name

    @property
    def expires_at(self):
        return timezone.now() + timedelta(days=int(self.cleaned_data["expires_in"]))
