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


_SWV_CODES_SPLIT_RE = re.compile(r"\s*(?:,|;|/|\+|&|\ben\b)\s*", re.IGNORECASE)


def parse_swv_codes(value: str) -> list[str]:
    """'PO2401 en VO2401', 'PO 24-01, VO 24-01' -> ['PO2401', 'VO2401']: the DUO codes of one bureau.

    A combined bureau serves at most one PO and one VO samenwerkingsverband (ADR 0014); the first code written
    is the main one. Raises ValueError with a Dutch message.
    """
    parts = [p for p in _SWV_CODES_SPLIT_RE.split(str(value or "").strip()) if p.strip()]
    if not parts:
        raise ValueError("geen SWV-code; verwacht bijvoorbeeld PO2801, of PO2401 en VO2401")
    codes = [normalise_swv_code(p) for p in parts]
    if len(codes) > 2 or len({c[:2] for c in codes}) != len(codes):
        raise ValueError("een bureau heeft hoogstens één PO-code en één VO-code, bijvoorbeeld PO2401 en VO2401")
    return codes


def normalise_brin6(value: str) -> str:
    """'19HY00', '19hy 00', '19HY-00' -> '19HY00'."""
    match = _BRIN6_RE.match(str(value or ""))
    if not match:
        raise ValueError(f"'{value}' is geen BRIN6; verwacht 4 tekens BRIN en 2 cijfers vestiging, bijv. 19HY00")
    return f"{match.group(1).upper()}{match.group(2)}"


def brin6_from_parts(brin: str, vestiging: str | int) -> str:
    return normalise_brin6(f"{str(brin).strip()}{int(str(vestiging).strip() or 0):02d}")
