"""The koers command line: koers --help, Dutch option names with hidden old aliases, koers swv, koers plan list,
koers ronde, and errors that say what was expected and what was given."""

import io
import re
from datetime import timedelta

import pytest
from django.core.management import call_command, get_commands, load_command_class
from django.core.management.base import CommandError

from koers.accounts.models import Membership
from koers.cli import command_summaries, main
from koers.core import clock
from koers.core.management.options import old_names
from koers.organisations.models import Swv
from koers.plans.models import ActivityUpdate, UpdateRound
from koers_dev.testing.factories import ActivityFactory, PlanFactory, SwvFactory, UserFactory, YearPlanFactory

ENGLISH = {
    "--date", "--period", "--public", "--output", "--mapping", "--accept-warnings", "--remove-missing", "--users",
    "--duration", "--workers", "--threads", "--keep", "--scale", "--if-empty", "--dry-run", "--name", "--user",
}  # fmt: skip


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue()


def _parsers(name):
    command = load_command_class(get_commands()[name], name)
    parser = command.create_parser("koers", name)
    yield parser
    for action in parser._actions:
        choices = getattr(action, "choices", None)
        if isinstance(choices, dict):  # the sub-commands of koers plan, koers swv, koers ronde
            yield from (sub for sub in choices.values() if hasattr(sub, "_actions"))


def koers_commands():
    return sorted(name for name, app in get_commands().items() if app.startswith(("koers.", "koers_dev.")))


# --- koers --help ----------------------------------------------------------------------------------------------


def test_help_lists_every_command_with_one_line_of_description(capsys):
    assert main(["koers", "--help"]) == 0
    out = capsys.readouterr().out
    listed = [line for line in out.splitlines() if line.startswith("  ")]
    names = [line.split()[0] for line in listed]
    assert names == koers_commands()  # one line each, nothing wrapped onto a second line
    for line in listed:
        assert len(line.split(maxsplit=1)) == 2, f"geen uitleg: {line!r}"
    for name in ("swv", "plan", "ronde", "onderhoud", "taakwerker", "measures"):
        assert name in names
    assert all(text for _name, text in command_summaries())


# --- option names ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", koers_commands())
def test_options_are_dutch_and_old_names_are_hidden(name):
    for parser in _parsers(name):
        shown = {s for action in parser._actions for s in action.option_strings}
        assert not shown & ENGLISH, f"koers {name}: Engelse optie zichtbaar: {shown & ENGLISH}"
        help_text = parser.format_help()
        for old in old_names(parser):
            assert old not in help_text.split(), f"koers {name}: {old} staat in --help"


def test_old_option_names_still_work(db):
    parser = load_command_class("koers.monitoring", "measures").create_parser("koers", "measures")
    old = parser.parse_args(["--swv", "PO2806", "--date", "2024-10-01", "--period", "tertiaal", "--public"])
    new = parser.parse_args(["--swv", "PO2806", "--datum", "2024-10-01", "--periode", "tertiaal", "--publiek"])
    assert vars(old) == vars(new)
    assert old_names(parser) == {"--date": "--datum", "--period": "--periode", "--public": "--publiek"}
    importer = load_command_class("koers.monitoring", "import").create_parser("koers", "import")
    options = importer.parse_args(["tlv", "f.csv", "--accept-warnings", "--remove-missing", "--mapping", "OSO"])
    assert options.accept_warnings and options.remove_missing and options.mapping == "OSO"
    assert "--accepteer-waarschuwingen" in importer.format_help()


def test_a_missing_required_option_is_named_in_dutch():
    parser = load_command_class("koers.monitoring", "measures").create_parser("koers", "measures")
    with pytest.raises(CommandError) as error:
        parser.parse_args(["--swv", "PO2806"])
    assert "--datum" in str(error.value) and "--date" not in str(error.value)


# --- errors say what is expected ---------------------------------------------------------------------------------


def test_measures_with_a_short_name_asks_for_the_duo_code(db):
    SwvFactory(code="PO2806", name="Passend Onderwijs Westland", short_name="SPOW")
    SwvFactory(code="PO2801", name="Stichting Haaglanden", short_name="SPPOH")
    with pytest.raises(CommandError) as error:
        call_command("measures", "--swv", "SPOW", "--datum", "2024-10-01")
    message = str(error.value)
    assert "'SPOW' is geen SWV-code" in message
    assert "DUO" in message and "bijvoorbeeld PO2806" in message
    assert "'SPOW' is de naam van PO2806: geef --swv PO2806" in message
    assert "PO2801 (SPPOH)" in message and "PO2806 (SPOW)" in message


def test_measures_with_an_unknown_code_and_a_bad_date(db):
    SwvFactory(code="PO2806", short_name="SPOW")
    with pytest.raises(CommandError, match="geen samenwerkingsverband met code PO9999; verwacht de SWV-code van DUO"):
        call_command("measures", "--swv", "PO 99-99", "--datum", "2024-10-01")
    with pytest.raises(CommandError, match="Ongeldige datum '31-31-2024' bij --datum: verwacht JJJJ-MM-DD"):
        call_command("measures", "--swv", "PO2806", "--datum", "31-31-2024")


# --- koers swv ---------------------------------------------------------------------------------------------------


def test_swv_add_list_show(db):
    admin = UserFactory(username="hostbeheer")
    out = run(
        "swv", "add", "vo 28-06", "--naam", "Voortgezet Westland", "--korte-naam", "VOW", "--beheerder", "hostbeheer"
    )
    assert "Samenwerkingsverband VO2806 (Voortgezet Westland) toegevoegd; beheerder: hostbeheer." in out
    swv = Swv.objects.get(code="VO2806")
    assert swv.sector == "VO" and swv.short_name == "VOW"
    assert Membership.unscoped.filter(user=admin, swv=swv, role__code="beheerder").exists()
    SwvFactory(code="PO2801", name="Haaglanden", short_name="SPPOH")
    listed = run("swv", "list").splitlines()
    assert listed[0] == "code\tsector\tkorte naam\tnaam\tdemo"
    assert listed[1:] == ["PO2801\tPO\tSPPOH\tHaaglanden\tnee", "VO2806\tVO\tVOW\tVoortgezet Westland\tnee"]
    PlanFactory(swv=swv, code="vow-osp-2024")
    shown = dict(re.split(r"\s{2,}", line, maxsplit=1) for line in run("swv", "show", "VO2806").splitlines())
    assert shown["naam"] == "Voortgezet Westland"
    assert shown["sector"] == "Voortgezet onderwijs"
    assert shown["plannen"] == "vow-osp-2024"
    assert shown["leden"] == "Beheerder: 1"
    assert shown["open rondes"] == "geen"


def test_swv_add_errors_name_what_is_expected(db):
    UserFactory(username="hostbeheer")
    with pytest.raises(CommandError, match=r"Ongeldige SWV-code 'Westland': verwacht de SWV-code van DUO"):
        run("swv", "add", "Westland", "--naam", "X", "--beheerder", "hostbeheer")
    with pytest.raises(CommandError, match="Onbekende gebruiker 'niemand' bij --beheerder: verwacht de gebruikersnaam"):
        run("swv", "add", "PO2806", "--naam", "X", "--beheerder", "niemand")
    run("swv", "add", "PO2806", "--naam", "Westland", "--beheerder", "hostbeheer")
    with pytest.raises(CommandError, match="Er is al een samenwerkingsverband met code PO2806"):
        run("swv", "add", "PO2806", "--naam", "Nog een", "--beheerder", "hostbeheer")
    assert Swv.objects.count() == 1
    with pytest.raises(CommandError, match="Onbekend samenwerkingsverband bij CODE"):
        run("swv", "show", "PO9999")


def test_swv_list_when_empty(db):
    assert "Nog geen samenwerkingsverband" in run("swv", "list")


# --- koers plan list -----------------------------------------------------------------------------------------------


def test_plan_list_and_codes(db):
    spow = SwvFactory(code="PO2806", short_name="SPOW")
    other = SwvFactory(code="PO2801", short_name="SPPOH")
    plan = PlanFactory(swv=spow, code="spow-osp-2024", title="OSP Westland", first_year=2024, last_year=2027)
    YearPlanFactory(plan=plan, school_year=2024)
    YearPlanFactory(plan=plan, school_year=2025, title="Jaarplan 2025-2026")
    PlanFactory(swv=other, code="sppoh-osp-2023", first_year=2023, last_year=2026)
    rows = run("plan", "list").splitlines()
    assert rows[0] == "SWV\tcode\tperiode\tvastgesteld\tjaarplannen\ttitel"
    assert rows[1:] == [
        "PO2801\tsppoh-osp-2023\t2023-2027\tnee\t-\tOndersteuningsplan " + rows[1].rsplit(" ", 1)[-1],
        "PO2806\tspow-osp-2024\t2024-2028\tnee\t2024-2025, 2025-2026\tOSP Westland",
    ]
    assert run("plan", "list", "--codes").splitlines() == ["sppoh-osp-2023", "spow-osp-2024"]
    assert run("plan", "list", "--swv", "PO2806", "--codes").splitlines() == ["spow-osp-2024"]
    with pytest.raises(CommandError, match="'SPOW' is de naam van PO2806"):
        run("plan", "list", "--swv", "SPOW")


# --- koers ronde -------------------------------------------------------------------------------------------------


@pytest.fixture
def round_world(db):
    swv = SwvFactory(code="PO2806", short_name="SPOW")
    user = UserFactory(username="bureau1")
    plan = PlanFactory(swv=swv, code="spow-osp")
    year_plan = YearPlanFactory(plan=plan, school_year=2026, title="Jaarplan 2026-2027")
    first = ActivityFactory(year_plan=year_plan)
    ActivityFactory(year_plan=year_plan)
    return swv, user, year_plan, first


def test_ronde_open_and_status(round_world):
    swv, user, year_plan, first = round_world
    deadline = clock.today() + timedelta(days=14)
    out = run("ronde", "open", "--tertiaal", "T3 2026", "--deadline", f"{deadline:%d-%m-%Y}", "--door", "bureau1")
    assert f"Ronde T3 2026 geopend voor Jaarplan 2026-2027, deadline {deadline:%d-%m-%Y}." in out
    update_round = UpdateRound.objects.for_swv(swv).get()
    assert update_round.year_plan == year_plan and update_round.opened_by == user
    ActivityUpdate.objects.create(swv=swv, activity=first, tertiaal=update_round.tertiaal, status="in_progress")
    rows = run("ronde", "status").splitlines()
    assert rows[0] == "tertiaal\tjaarplan\tdeadline\tstand\tbijgewerkt"
    assert rows[1] == f"T3 2026\tJaarplan 2026-2027\t{deadline:%d-%m-%Y}\topen\t1 van 2 activiteiten"
    with pytest.raises(CommandError, match="Voor T3 2026 is al een ronde geopend"):
        run("ronde", "open", "--tertiaal", "T3-2026", "--deadline", f"{deadline:%d-%m-%Y}", "--door", "bureau1")


def test_ronde_errors_name_what_is_expected(round_world):
    deadline = f"{clock.today() + timedelta(days=14):%d-%m-%Y}"
    with pytest.raises(CommandError, match="Ongeldig tertiaal 'T4 2026' bij --tertiaal: verwacht bijvoorbeeld T3-2024"):
        run("ronde", "open", "--tertiaal", "T4 2026", "--deadline", deadline, "--door", "bureau1")
    with pytest.raises(CommandError, match="Ongeldige datum 'morgen' bij --deadline: verwacht dd-mm-jjjj"):
        run("ronde", "open", "--tertiaal", "T3 2026", "--deadline", "morgen", "--door", "bureau1")
    with pytest.raises(CommandError, match="Onbekende gebruiker 'niemand' bij --door"):
        run("ronde", "open", "--tertiaal", "T3 2026", "--deadline", deadline, "--door", "niemand")
    with pytest.raises(CommandError, match="PO2806 heeft geen plan met code 'ander'; verwacht een plancode bij --plan. "
                       "Bekend: spow-osp."):  # fmt: skip
        run("ronde", "open", "--plan", "ander", "--tertiaal", "T3 2026", "--deadline", deadline, "--door", "bureau1")
    with pytest.raises(CommandError, match=r"geen jaarplan voor 2030-2031.*Jaarplannen: 2026-2027"):
        run("ronde", "open", "--tertiaal", "T3 2030", "--deadline", deadline, "--door", "bureau1")
    past = f"{clock.today() - timedelta(days=1):%d-%m-%Y}"
    with pytest.raises(CommandError, match="De deadline ligt in het verleden"):
        run("ronde", "open", "--tertiaal", "T3 2026", "--deadline", past, "--door", "bureau1")
    assert not UpdateRound.unscoped.exists()


def test_bench_without_the_development_package_says_where_it_lives(monkeypatch, capsys):
    """A production install has no koers_dev: `koers bench` says so in Dutch instead of 'Unknown command'."""
    import koers.cli

    monkeypatch.setattr(koers.cli, "_has_dev_package", lambda: False)
    assert main(["koers", "bench"]) == 2
    err = capsys.readouterr().err
    assert "ontwikkelpakket" in err and "make venv" in err


def test_the_runtime_package_holds_no_development_code():
    """Factories, the load test and the benchmarks live in dev/ (koers_dev), outside the koers package."""
    import importlib.util
    from pathlib import Path

    import koers

    runtime = Path(koers.__file__).parent
    assert not (runtime / "testing").exists() and not (runtime / "performance").exists()
    assert importlib.util.find_spec("koers_dev.performance") is not None
    offenders = [
        str(path.relative_to(runtime))
        for path in runtime.rglob("*.py")
        if "/tests/" not in str(path) and "koers_dev" in path.read_text(encoding="utf-8")
    ]
    assert sorted(offenders) == ["cli.py", "conf/base.py"]
