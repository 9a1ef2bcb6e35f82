"""The register import reads through the shared reader, :mod:`koers.core.importing` (kept for old imports)."""

from koers.core.importing import Limits, ReadError, Row, Table, read_limited, read_table

NotATable = ReadError

__all__ = ["Limits", "NotATable", "ReadError", "Row", "Table", "read_limited", "read_table"]
