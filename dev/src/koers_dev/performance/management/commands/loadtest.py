import os
import socket
import subprocess
import sys
import threading
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from koers.core.management.options import option
from koers_dev.performance.loadtest import Result, simulate_user, summary_rows

PASSWORD = "loadtest-wachtwoord-2024"  # noqa: S105 - throwaway users on a loopback-only server


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Command(BaseCommand):
    help = _(
        "Belastingstest op 127.0.0.1: start gunicorn, laat N gebruikers het dashboard, het plan en indicatoren "
        "bekijken en updates plaatsen, en toont fouten en p50/p95/p99. Gebruik PostgreSQL (scripts/loadtest.sh)."
    )

    def add_arguments(self, parser):
        option(
            parser,
            "--gebruikers",
            old="--users",
            dest="users",
            type=int,
            default=50,
            help=_("Aantal gelijktijdige gebruikers (standaard 50)."),
        )
        option(
            parser,
            "--duur",
            old="--duration",
            dest="duration",
            type=int,
            default=300,
            help=_("Duur in seconden (standaard 300)."),
        )
        option(
            parser,
            "--werkprocessen",
            old="--workers",
            dest="workers",
            type=int,
            default=None,
            help=_("Aantal gunicorn-workers per server (standaard 4; met --swvs 2)."),
        )
        option(
            parser,
            "--draden",
            old="--threads",
            dest="threads",
            type=int,
            default=4,
            help=_("Threads per gunicorn-worker."),
        )
        parser.add_argument(
            "--denktijd",
            type=float,
            default=3.0,
            help=_(
                "Gemiddelde leestijd tussen twee pagina's in seconden (standaard 3; 0 = zonder pauze doorklikken). "
                "Met --swvs exponentieel verdeeld."
            ),
        )
        parser.add_argument(
            "--swvs",
            type=int,
            default=0,
            help=_(
                "Opschaaltest: zoveel synthetische samenwerkingsverbanden (bijvoorbeeld 225) in plaats van de demo "
                "met grote gegevens in SPOW."
            ),
        )
        parser.add_argument(
            "--actieve-swvs",
            dest="active_swvs",
            type=int,
            default=20,
            help=_("Opschaaltest: over zoveel SWV's zijn de gebruikers verdeeld (standaard 20)."),
        )
        parser.add_argument(
            "--servers", type=int, default=1, help=_("Aantal gunicorn-servers op eigen poorten (standaard 1).")
        )
        parser.add_argument(
            "--taakwerkers",
            type=int,
            default=0,
            help=_("Aantal processen 'koers taakwerker' naast de servers (standaard 0)."),
        )
        parser.add_argument(
            "--stappen",
            default="",
            help=_("Opschaaltest: gebruikersaantallen na elkaar, bijvoorbeeld 50,100,200 (standaard: --gebruikers)."),
        )
        parser.add_argument(
            "--duur-stap",
            dest="step_duration",
            type=int,
            default=None,
            help=_("Duur in seconden van elke stap behalve de laatste (standaard: --duur)."),
        )
        parser.add_argument(
            "--rondes",
            type=int,
            default=None,
            help=_("Precies zoveel rondes per gebruiker in plaats van een duur (voor een rooktest)."),
        )

    def handle(self, *args, users, duration, workers, threads, denktijd, **options):
        if options["swvs"] or options["servers"] > 1 or options["taakwerkers"]:
            from koers_dev.performance.scaleout import run_scale_out

            run_scale_out(self, users=users, duration=duration, workers=workers or 2, threads=threads,
                          think=denktijd, **options)  # fmt: skip
            return
        workers = workers or 4
        from koers.accounts.models import Membership, Role, User
        from koers.demo import setup
        from koers.organisations.models import Actor, Swv
        from koers.plans.models import Activity, ActivityUpdate, Indicator, YearPlan

        if connection.vendor != "postgresql":
            self.stderr.write(
                _("Let op: de doelen gelden voor PostgreSQL; deze database is %(v)s.") % {"v": connection.vendor}
            )
        call_command("migrate", verbosity=0)
        if not setup.is_loaded():
            setup.load()
        self._load_large_data()
        spow = Swv.objects.get(code="PO2806")
        year_plan = YearPlan.objects.for_swv(spow).order_by("-school_year").first()
        activities = list(
            Activity.objects.for_swv(year_plan.swv_id).filter(year_plan=year_plan).values_list("pk", flat=True)
        )
        if not activities:
            raise CommandError(_("De demo heeft geen activiteiten om bij te werken."))
        actor, _new = Actor.objects.get_or_create(swv=spow, name="Belastingstest")
        Activity.unscoped.filter(pk__in=activities).update(owner=actor)
        role = Role.objects.get(code="eigenaar")
        names = []
        for i in range(users):
            user, created = User.objects.get_or_create(username=f"last{i:03d}")
            if created:
                user.set_password(PASSWORD)
                user.save()
            Membership.objects.get_or_create(user=user, swv=spow, defaults={"role": role})
            actor.users.add(user)
            names.append(user.username)
        indicators = list(Indicator.objects.for_swv(spow).values_list("pk", flat=True))
        plan_urls = [f"/plannen/jaarplan/{year_plan.pk}/", f"/plannen/{year_plan.plan_id}/"]
        before = ActivityUpdate.unscoped.filter(activity_id__in=activities).count()
        from koers.core.periods import Tertiaal

        tertiaal = Tertiaal(year_plan.school_year + 1, 1).key
        port = _free_port()
        env = dict(os.environ, DJANGO_SETTINGS_MODULE=os.environ.get("DJANGO_SETTINGS_MODULE", "koers.conf.dev"))
        env.setdefault("KOERS_REQUIRE_2FA", "false")
        env["DEBUG"] = "false"
        gunicorn = [
            sys.executable, "-m", "gunicorn", "koers.wsgi:application", "-b", f"127.0.0.1:{port}",
            "-w", str(workers), "--threads", str(threads), "--log-level", "warning",
            "--env", f"DJANGO_SETTINGS_MODULE={env['DJANGO_SETTINGS_MODULE']}",
        ]  # fmt: skip
        self.stdout.write(_("gunicorn start op 127.0.0.1:%(p)s met %(w)s workers ...") % {"p": port, "w": workers})
        server = subprocess.Popen(gunicorn, env=env)
        try:
            self._wait(port)
            result = Result()
            # When everyone has logged in (not measured), the clock starts: the barrier's action sets the deadline
            # before any user is released.
            ready = threading.Barrier(
                len(names) + 1, action=lambda: setattr(result, "deadline", time.monotonic() + duration)
            )
            base = f"http://127.0.0.1:{port}"
            threads_ = [
                threading.Thread(
                    target=simulate_user,
                    args=(
                        base,
                        name,
                        PASSWORD,
                        plan_urls,
                        activities,
                        indicators,
                        ready,
                        result,
                        tertiaal,
                        denktijd,
                    ),
                )
                for name in names
            ]
            self.stdout.write(
                ngettext(
                    "%(n)s gebruiker, %(d)s seconden, gemiddeld %(t)s s leestijd per pagina ...",
                    "%(n)s gebruikers, %(d)s seconden, gemiddeld %(t)s s leestijd per pagina ...",
                    users,
                )
                % {"n": users, "d": duration, "t": denktijd}
            )
            for thread in threads_:
                thread.start()
            ready.wait()
            for thread in threads_:
                thread.join()
        finally:
            server.terminate()
            server.wait(timeout=30)
        self._report(result, before, activities)

    def _load_large_data(self):
        try:
            from koers.monitoring.bench import load_large_swv_for_loadtest
        except ImportError:
            self.stdout.write(_("Geen grote benchmarkdata beschikbaar; de test draait op de demo."))
            return
        load_large_swv_for_loadtest()

    def _wait(self, port):
        for _attempt in range(100):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    return
            except OSError:
                time.sleep(0.2)
        raise CommandError(_("gunicorn startte niet"))

    def _report(self, result, before, activities):
        from koers.plans.models import ActivityUpdate

        self.stdout.write("")
        self.stdout.write(f"{'pagina':<12}{'aantal':>8}{'p50 ms':>10}{'p95 ms':>10}{'p99 ms':>10}{'gem ms':>10}")
        for kind, count, p50, p95, p99, mean in summary_rows(result):
            self.stdout.write(f"{kind:<12}{count:>8}{p50:>10.0f}{p95:>10.0f}{p99:>10.0f}{mean:>10.0f}")
        self.stdout.write("")
        self.stdout.write(_("Fouten: %(n)s (doel: 0)") % {"n": len(result.errors)})
        for error in result.errors[:10]:
            self.stdout.write(f"  {error}")
        stored = set(
            ActivityUpdate.unscoped.filter(activity_id__in=activities, happened__startswith="loadtest ").values_list(
                "activity_id", "happened"
            )
        )
        missing = [p for p in result.posted if p not in stored]
        self.stdout.write(
            _("Updates geplaatst: %(p)s; in de database: %(s)s; ontbrekend: %(m)s")
            % {"p": len(result.posted), "s": len(result.posted) - len(missing), "m": len(missing)}
        )
        p95 = summary_rows(result)[-1][3]
        self.stdout.write(_("p95 alles: %(p)s ms (doel: < 300 ms)") % {"p": f"{p95:.0f}"})
        if result.errors or missing:
            raise CommandError(_("Belastingstest niet geslaagd."))
