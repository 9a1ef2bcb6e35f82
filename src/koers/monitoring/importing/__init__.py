"""Importing register files: all or nothing, with a Dutch report per row.

``import_file(swv, register, name, data, ...)`` reads CSV (UTF-8, BOM, Windows-1252; any delimiter) or XLSX,
maps columns (canonical names, or a :class:`~koers.monitoring.models.ColumnMapping`), pseudonymises BSN/name
columns before anything else happens, validates every row and only then writes, in one transaction.
"""

from .reader import read_table
from .registers import REGISTERS
from .runner import import_file

__all__ = ["REGISTERS", "import_file", "read_table"]
