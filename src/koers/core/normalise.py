"""Identifiers as they appear in DUO files and in people's spreadsheets, made canonical."""

import re

_SWV_RE = re.compile(r"^\s*(PO|VO)\s*[- ]?\s*(\d{2})\s*[- .]?\s*(\d{2})\s*$", re.IGNORECASE)
_BRIN6_RE = re.compile(r"^\s*([0-9]{2}[A-Z0-9]{2})\s*[- ]?\s*(\d{2})\s*$", re.IGNORECASE)


def normalise_swv_code(value: str) -> str:
    """'PO 28-01', 'po-28-01', 'PO2801' -> 'PO2801'. Raises ValueError with a Dutch message."""
    match = _SWV_RE.match(str(value or ""))
    if not match:
        raise ValueError(f"'{value}' is geen SWV-code; verwacht bijvoorbeeld PO2801 of PO 28-01")
    return f"{match.group(1).upper()}{match.group(2)}{match.group(3)}"


def normalise_brin6(value: str) -> str:
    """'19HY00', '19hy 00', '19HY-00' -> '19HY00'."""
    match = _BRIN6_RE.match(str(value or ""))
    if not match:
        raise ValueError(f"'{value}' is geen BRIN6; verwacht 4 tekens BRIN en 2 cijfers vestiging, bijv. 19HY00")
    return f"{match.group(1).upper()}{match.group(2)}"


def brin6_from_parts(brin: str, vestiging: str | int) -> str:
    return normalise_brin6(f"{str(brin).strip()}{int(str(vestiging).strip() or 0):02d}")
