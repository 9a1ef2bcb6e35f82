"""Business rules of the organisation registry: colour contrast, safe deletion and applying imports."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db import router, transaction
from django.db.models import ProtectedError
from django.db.models.deletion import Collector
from django.utils.translation import gettext as _

from koers.audit.context import acting_as
from koers.organisations.importers import Parsed
from koers.organisations.models import (
    Gemeente,
    Gremium,
    Ketenpartner,
    School,
    Schoolbestuur,
    StaffMember,
    Werkgebied,
)

_HEX_RE = re.compile(r"^#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$")
MIN_CONTRAST = 4.5


def parse_colour(value: str) -> str:
    """'#1D4F91', '1d4f91', '#abc' -> '#1d4f91' / '#aabbcc'. Raises ValueError."""
    match = _HEX_RE.match(str(value or "").strip())
    if not match:
        raise ValueError(value)
    digits = match.group(1).lower()
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return "#" + digits


def _luminance(colour: str) -> float:
    def channel(c):
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_with_white(colour: str) -> float:
    """WCAG 2 contrast ratio of white text on ``colour`` (1 to 21)."""
    return 1.05 / (_luminance(parse_colour(colour)) + 0.05)


# ----------------------------------------------------------------------------------------------------------
# Deleting
# ----------------------------------------------------------------------------------------------------------


@transaction.atomic
def save_swv(form, user) -> str:
    """The SWV's own details and its logo, together. Returns what happened to the logo (see ``save_logo``)."""
    with acting_as(user):
        swv = form.save()
        return form.save_logo(swv)


@transaction.atomic
def save_logo(form, swv, user) -> str:
    """Only the logo (a ``LogoForm``): 'saved', 'removed' or '' (nothing chosen)."""
    with acting_as(user):
        return form.save_logo(swv)


@transaction.atomic
def save_object(form, user):
    """A school, bestuur, gremium, ... from its ModelForm."""
    with acting_as(user):
        return form.save()


def delete_blockers(obj) -> list[str]:
    """Why ``obj`` cannot be deleted: other records that refer to it (protected, or that would be deleted too).

    Link rows of many-to-many fields do not block: they go with the object."""
    collector = Collector(using=router.db_for_write(type(obj)))
    try:
        collector.collect([obj])
    except ProtectedError as exc:
        found = exc.protected_objects
    else:
        found = [
            item
            for model, items in collector.data.items()
            if model is not type(obj) and not model._meta.auto_created
            for item in items
        ]
    counts: dict[str, list] = {}
    for item in found:
        meta = item._meta
        counts.setdefault(str(meta.verbose_name_plural), [0, meta])[0] += 1
    # "1 school", "2 scholen": the model's own singular and plural names
    return [
        f"{n} {meta.verbose_name if n == 1 else meta.verbose_name_plural}"
        for _name, (n, meta) in sorted(counts.items())
    ]


def delete_object(obj, user) -> None:
    """Delete when nothing refers to it; else a ValueError with a Dutch message."""
    blockers = delete_blockers(obj)
    if blockers:
        raise ValueError(
            _(
                "“%(object)s” kan niet worden verwijderd, want er verwijzen nog gegevens naar: %(list)s. Haal die "
                "verwijzingen eerst weg of wijzig ze."
            )
            % {"object": obj, "list": ", ".join(blockers)}  # fmt: skip
        )
    with acting_as(user), transaction.atomic():
        obj.delete()


# ----------------------------------------------------------------------------------------------------------
# Importing
# ----------------------------------------------------------------------------------------------------------


@dataclass
class Outcome:
    saved: bool = False
    counts: dict = field(default_factory=dict)  # kind label -> {"added": n, "changed": n, "unchanged": n}
    skipped: int = 0

    def count(self, kind: str, what: str) -> None:
        self.counts.setdefault(kind, {"added": 0, "changed": 0, "unchanged": 0})[what] += 1

    @property
    def rows(self):
        return [{"kind": k, **v} for k, v in self.counts.items()]

    @property
    def total_added(self):
        return sum(v["added"] for v in self.counts.values())


def _upsert(outcome, label, model, swv, lookup: dict, values: dict, create_only: set = frozenset()):
    obj = model.objects.for_swv(swv).filter(**lookup).first()
    if obj is None:
        obj = model.objects.create(swv=swv, **lookup, **values)
        outcome.count(label, "added")
        return obj
    changed = False
    for name, value in values.items():
        if name in create_only:
            continue
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    if changed:
        obj.save()
        outcome.count(label, "changed")
    else:
        outcome.count(label, "unchanged")
    return obj


def import_parsed(swv, parsed: Parsed, user, accept_warnings: bool = False, dry_run: bool = False) -> Outcome:
    """Apply what a file holds to ``swv``: all or nothing.

    Nothing is saved when the file has an error, when it has warnings that were not accepted, or on a dry run;
    the outcome still tells what would have been added, changed or left unchanged."""
    outcome = Outcome(skipped=parsed.skipped)
    save = False
    with acting_as(user, reason=_("Import uit %(file)s") % {"file": parsed.file}), transaction.atomic():
        if not parsed.errors:
            _apply(swv, parsed, outcome)
        save = not dry_run and not parsed.errors and (accept_warnings or not parsed.warnings)
        if not save:
            transaction.set_rollback(True)
    outcome.saved = save
    return outcome


def _apply(swv, parsed: Parsed, outcome: Outcome) -> None:
    gemeenten, werkgebieden, besturen = {}, {}, {}
    for name, values in parsed.gemeenten.items():
        existing = Gemeente.objects.for_swv(swv).filter(name__iexact=name).first()
        keep = {"cbs_code": values["cbs_code"]} if values.get("cbs_code") or not existing else {}
        gemeenten[name.lower()] = _upsert(
            outcome, _("Gemeenten"), Gemeente, swv, {"name": existing.name if existing else name}, keep
        )
    for name, values in parsed.werkgebieden.items():
        existing = Werkgebied.objects.for_swv(swv).filter(name__iexact=name).first()
        werkgebieden[name.lower()] = _upsert(
            outcome, _("Werkgebieden"), Werkgebied, swv, {"name": existing.name if existing else name},
            {"description": values.get("description", "")},
        )  # fmt: skip
    for number, values in parsed.besturen.items():
        name = values.get("name") or ""
        existing = Schoolbestuur.objects.for_swv(swv).filter(bevoegd_gezag=number).first()
        if not name:
            name = existing.name if existing else _("Schoolbestuur %(number)s") % {"number": number}
        besturen[number] = _upsert(
            outcome, _("Schoolbesturen"), Schoolbestuur, swv, {"bevoegd_gezag": number}, {"name": name}
        )
    for brin6, values in parsed.schools.items():
        fields = {k: v for k, v in values.items() if not k.startswith("_")}
        gezag = fields.pop("bestuur", None)
        werkgebied = fields.pop("werkgebied", None)
        gemeente = fields.pop("gemeente", None)
        if gezag:
            bestuur = besturen.get(gezag) or Schoolbestuur.objects.for_swv(swv).filter(bevoegd_gezag=gezag).first()
            if bestuur is None:
                parsed.problem(values.get("_row"), _("Bevoegd gezag"), _("Schoolbestuur %(number)s bestaat niet in "
                               "Koers en staat niet in het blad Schoolbesturen.") % {"number": gezag})  # fmt: skip
                continue
            fields["bestuur"] = bestuur
        if werkgebied:
            fields["werkgebied"] = werkgebieden.get(werkgebied.lower()) or _upsert(
                outcome, _("Werkgebieden"), Werkgebied, swv, {"name": werkgebied}, {}
            )
        if gemeente:
            fields["gemeente"] = gemeenten.get(gemeente.lower()) or _upsert(
                outcome, _("Gemeenten"), Gemeente, swv, {"name": gemeente}, {}
            )
            gemeenten[gemeente.lower()] = fields["gemeente"]
        keep = {"school_type"} if values.get("_type_guessed") else set()
        _upsert(outcome, _("Scholen"), School, swv, {"brin6": brin6}, fields, create_only=keep)
    for name, values in parsed.partners.items():
        _upsert(outcome, _("Ketenpartners"), Ketenpartner, swv, {"name": name}, _plain(values))
    for name, values in parsed.gremia.items():
        _upsert(outcome, _("Gremia"), Gremium, swv, {"name": name}, _plain(values))
    for name, values in parsed.staff.items():
        _upsert(outcome, _("Medewerkers"), StaffMember, swv, {"name": name}, _plain(values))


def _plain(values: dict) -> dict:
    return {k: v for k, v in values.items() if not k.startswith("_")}


# ---- organisation files read by the task worker (ADR 0036) -------------------------------------------------------


def start_organisation_upload(swv, user, *, file_name: str, data: bytes, options: dict):
    """Seal an uploaded organisation file and let the task worker read (and, when clean, import) it."""
    from koers.core import uploads
    from koers.organisations.uploads import KIND

    return uploads.start(
        swv, user, kind=KIND, file_name=file_name, data=data, options={"nav": "organisations", **options}
    )


def confirm_organisation_upload(run, user) -> bool:
    """'Toch importeren': record who confirmed and let the task worker import the file; nothing is read here.

    False when the run no longer waits for a confirmation (a second click does nothing)."""
    from koers.core import uploads

    return uploads.confirm(run, user)


def apply_organisation_upload(run, user):
    """Import a file that stopped on its warnings (all or nothing; run by the task worker); its file is wiped."""
    from koers.core import uploads
    from koers.core.models import FileImport
    from koers.organisations.uploads import parse, report, status_of

    with transaction.atomic():
        run = FileImport.unscoped.select_for_update().get(pk=run.pk)
        data = uploads.load(run)
        parsed = parse(run, data)
        del data
        outcome = import_parsed(run.swv, parsed, user, accept_warnings=True)
        result = report(parsed, outcome, dry_run=False)
        uploads.finish(run, status_of(result), result=result, problems=result["problems"])
    return run
