"""``koers onderhoud``: all scheduled work in one command, for one daily timer (koers-onderhoud.timer)."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from koers.core import clock

# (name, command, arguments, when): "dagelijks" or "maandelijks" (on KOERS_ONDERHOUD_BEWAARTERMIJN_DAG)
STEPS = [
    ("uploads", "import", ["--opruimen"], "dagelijks"),
    ("herinneringen", "send_reminders", [], "dagelijks"),
    ("trajectherinneringen", "trajectherinneringen", [], "dagelijks"),
    ("backup", "backup", [], "dagelijks"),
    ("bewaartermijn", "bewaartermijn", ["--uitvoeren"], "maandelijks"),
]
STEP_NAMES = [name for name, *_rest in STEPS]


class Command(BaseCommand):
    help = _(
        "Het geplande onderhoud in één keer: verlopen uploads wissen, herinneringen versturen, back-up maken en "
        "(maandelijks) de bewaartermijn toepassen. Dagelijks draaien (koers-onderhoud.timer)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--stap",
            action="append",
            choices=STEP_NAMES,
            metavar="STAP",
            help=_("Alleen deze stap (mag vaker): %(steps)s.") % {"steps": ", ".join(STEP_NAMES)},
        )
        parser.add_argument(
            "--proef", action="store_true", help=_("Alleen tonen welke stappen vandaag zouden draaien.")
        )

    def handle(self, *args, stap=None, proef=False, **options):
        today = clock.today()
        monthly_day = int(getattr(settings, "KOERS_ONDERHOUD_BEWAARTERMIJN_DAG", 1))
        failed = []
        for name, command, arguments, when in STEPS:
            chosen = name in stap if stap else (when == "dagelijks" or today.day == monthly_day)
            if not chosen:
                self.stdout.write(_("%(step)s: overgeslagen (alleen op dag %(day)s van de maand)") % {
                    "step": name, "day": monthly_day})  # fmt: skip
                continue
            if proef:
                self.stdout.write(_("%(step)s: zou draaien (koers %(cmd)s)") % {
                    "step": name, "cmd": " ".join([command, *arguments])})  # fmt: skip
                continue
            if name == "bewaartermijn" and "backup" in failed:
                self.stderr.write(_("bewaartermijn: overgeslagen, want de back-up is mislukt."))
                failed.append(name)
                continue
            self.stdout.write(f"{name}:")
            try:
                call_command(command, *arguments, stdout=self.stdout, stderr=self.stderr)
            except CommandError as error:
                self.stderr.write(_("%(step)s mislukt: %(e)s") % {"step": name, "e": error})
                failed.append(name)
        if failed:
            raise CommandError(_("Onderhoud niet helemaal gelukt; mislukt: %(steps)s.") % {"steps": ", ".join(failed)})
