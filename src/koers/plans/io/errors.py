"""Problems found in a plan file, and the one exception an import raises."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from koers.core.importing import Problem  # the one problem type of every import

MAX_PROBLEMS = 500


def file_problem(file: str, message: str) -> Problem:
    """A problem with the file as a whole (no sheet, row or column)."""
    return Problem(file=file, row=None, message=message)


class PlanImportError(Exception):
    """Nothing was saved. ``problems`` says why, one :class:`Problem` per finding."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        n = len(self.problems)
        super().__init__(
            ngettext(
                "Het plan is niet geïmporteerd: %(n)s probleem gevonden.",
                "Het plan is niet geïmporteerd: %(n)s problemen gevonden.",
                n,
            )
            % {"n": n}
        )


class PlanChangedError(Exception):
    """The plan changed between the preview and the confirmation: nothing was saved; ``changes`` is the new set."""

    def __init__(self, changes):
        self.changes = changes
        super().__init__(_("Het plan is intussen gewijzigd."))


class Problems:
    """Collects problems for one file; stops collecting after MAX_PROBLEMS."""

    def __init__(self, file: str):
        self.file = file
        self.items: list[Problem] = []

    def add(self, sheet: str, row: int | None, column: str, message: str):
        if len(self.items) < MAX_PROBLEMS:
            self.items.append(Problem(file=self.file, sheet=sheet or "", row=row, column=column or "", message=message))
        elif len(self.items) == MAX_PROBLEMS:
            self.items.append(
                file_problem(
                    self.file, _("Er zijn meer dan %(n)s problemen; de rest is niet getoond.") % {"n": MAX_PROBLEMS}
                )
            )

    def at(self, loc, field: str, message: str):
        """A problem in ``field`` of the item at ``loc`` (a :class:`koers.plans.io.schema.Loc`)."""
        sheet, row, column = loc.where(field)
        self.add(sheet, row, column, message)

    def __bool__(self):
        return bool(self.items)

    def raise_if_any(self):
        if self.items:
            raise PlanImportError(self.items)
