"""Problems found in a plan file, and the one exception an import raises."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

MAX_PROBLEMS = 500


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a file: where (file, sheet or YAML path, row, column) and what, in Dutch."""

    file: str
    sheet: str
    row: int | None
    column: str
    message: str

    def as_dict(self) -> dict:
        return {"file": self.file, "sheet": self.sheet, "row": self.row, "column": self.column, "message": self.message}

    def __str__(self) -> str:
        where = [self.file or _("bestand")]
        if self.sheet:
            where.append(self.sheet)
        if self.row:
            where.append(_("rij %(row)s") % {"row": self.row})
        if self.column:
            where.append(_("kolom %(column)s") % {"column": self.column})
        return f"{', '.join(where)}: {self.message}"


class PlanImportError(Exception):
    """Nothing was saved. ``problems`` says why, one :class:`Problem` per finding."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__(
            _("Het plan is niet geïmporteerd: %(n)s probleem/problemen gevonden.") % {"n": len(self.problems)}
        )


class Problems:
    """Collects problems for one file; stops collecting after MAX_PROBLEMS."""

    def __init__(self, file: str):
        self.file = file
        self.items: list[Problem] = []

    def add(self, sheet: str, row: int | None, column: str, message: str):
        if len(self.items) < MAX_PROBLEMS:
            self.items.append(Problem(self.file, sheet or "", row, column or "", message))
        elif len(self.items) == MAX_PROBLEMS:
            self.items.append(
                Problem(
                    self.file,
                    "",
                    None,
                    "",
                    _("Er zijn meer dan %(n)s problemen; de rest is niet getoond.") % {"n": MAX_PROBLEMS},
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
