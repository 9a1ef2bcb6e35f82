"""Password validators with Dutch messages.

Django 5.2.x changed the msgid of ``MinimumLengthValidator``'s error (``%d`` instead of ``%(min_length)d``)
without updating its Dutch catalogue, so "This password is too short" appeared in English between Dutch
texts. The validator below keeps Django's rule and gives the message in Koers' own (Dutch) source text."""

from django.contrib.auth import password_validation
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self):
        return ngettext(
            "Dit wachtwoord is te kort: gebruik minstens %(n)s teken.",
            "Dit wachtwoord is te kort: gebruik minstens %(n)s tekens.",
            self.min_length,
        ) % {"n": self.min_length}

    def get_help_text(self):
        return ngettext(
            "Uw wachtwoord moet minstens %(n)s teken lang zijn.",
            "Uw wachtwoord moet minstens %(n)s tekens lang zijn.",
            self.min_length,
        ) % {"n": self.min_length}
