"""Column mappings: one reading and one check, for the mapping page, mapping files and ``koers import``.

A mapping says, per column of a foreign export, which Koers field it fills (``columns``), and per code field how
the export's codes translate (``values``). Fields may be named by their code (``since``) or by their Dutch name
as documented in docs/monitoring-registers.md (``Verzuim sinds``); both are stored as the code.
"""

from __future__ import annotations

import json

import yaml
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from koers.core.importing import Limits, ReadError, check_size, normalise_header
from koers.monitoring.importing.registers import REGISTERS

# The plan loader's restricted SafeLoader: refuses every anchor/alias (no "billion laughs") and reads only
# true/false as yes/no, so a code such as NO or N stays text.
from koers.plans.io.yaml_format import AliasNotAllowed
from koers.plans.io.yaml_format import _Loader as NoAliasLoader

MAPPING_MAX_BYTES = 256 * 1024
MAX_CODES = 1000


_norm = normalise_header  # the one header normaliser of every import


def field_lookup(register: str) -> dict:
    """Normalised code or Dutch name -> field code, for one register."""
    out = {}
    for f in REGISTERS[register].fields:
        out.setdefault(_norm(f.name), f.name)
        out.setdefault(_norm(str(f.label)), f.name)
    return out


def register_lookup(value) -> str | None:
    wanted = _norm(value)
    for code, register in REGISTERS.items():
        if wanted in (_norm(code), _norm(str(register.label))):
            return code
    return None


def validate_mapping(register: str, columns, values) -> tuple[dict, dict]:
    """The mapping with every field as its code; raises ValidationError (Dutch) on anything it cannot use.

    The one check for the mapping page, mapping files and ``koers import``.
    """
    if register not in REGISTERS:
        raise ValidationError(
            _("Onbekend register '%(r)s'. Kies uit: %(k)s.")
            % {"r": str(register or "")[:40], "k": ", ".join(REGISTERS)}
        )
    columns = columns or {}
    values = values or {}
    if not isinstance(columns, dict) or not isinstance(values, dict):
        raise ValidationError(_("'columns' en 'values' moeten lijsten van sleutel en waarde zijn."))
    limit = Limits.current().max_columns
    if len(columns) > limit:
        raise ValidationError(_("Een koppeling heeft hoogstens %(n)s kolommen.") % {"n": limit})
    lookup = field_lookup(register)
    wrong, out_columns, used = [], {}, {}
    for column, target in columns.items():
        column = str(column).strip()[:200]
        if target in (None, ""):
            continue
        code = lookup.get(_norm(target)) if isinstance(target, str) else None
        if code is None:
            wrong.append(str(target)[:40])
            continue
        if code in used:
            raise ValidationError(
                _(
                    "De kolommen '%(a)s' en '%(b)s' zijn allebei gekoppeld aan het veld %(f)s. Koppel één kolom aan "
                    "elk veld; bij 'BSN of leerling' de kolom met het BSN."
                )
                % {"a": used[code], "b": column, "f": _label(register, code)}
            )
        used[code] = column
        out_columns[column] = code
    out_values = {}
    for target, codes in values.items():
        code = lookup.get(_norm(target))
        if code is None:
            wrong.append(str(target)[:40])
            continue
        if not isinstance(codes, dict):
            raise ValidationError(_("Bij 'values' hoort per veld een lijst van code en waarde."))
        if len(codes) > MAX_CODES:
            raise ValidationError(_("Een veld heeft hoogstens %(n)s codes.") % {"n": MAX_CODES})
        out_values[code] = {str(k).strip()[:200]: str(v).strip()[:200] for k, v in codes.items()}
    if wrong:
        raise ValidationError(
            _("Onbekende velden voor dit register: %(f)s. Gebruik een veldcode of de Nederlandse naam (zie %(d)s).")
            % {"f": ", ".join(sorted(set(wrong))), "d": "docs/monitoring-registers.md"}
        )
    return out_columns, out_values


def _label(register, code) -> str:
    return next((str(f.label) for f in REGISTERS[register].fields if f.name == code), code)


def _unreadable():
    return ValidationError(_("Dit bestand is geen leesbare koppeling (JSON of YAML)."))


def load_spec(name: str, data: bytes):
    """The document of a JSON or YAML mapping file; anchors and aliases are refused, as in plan files."""
    try:
        check_size(len(data), Limits(MAPPING_MAX_BYTES, 0, 0, 0))
    except ReadError:
        raise ValidationError(
            _("Een koppelingsbestand is hoogstens %(n)s kB; dit bestand is groter.") % {"n": MAPPING_MAX_BYTES // 1024}
        ) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _unreadable() from None
    if name.lower().endswith((".yaml", ".yml")):
        try:
            return yaml.load(text, Loader=NoAliasLoader)  # noqa: S506 - a restricted SafeLoader
        except AliasNotAllowed:
            raise ValidationError(
                _(
                    "Verwijzingen met & en * (ankers en aliassen) zijn niet toegestaan in een koppelingsbestand; "
                    "schrijf elke waarde voluit."
                )
            ) from None
        except (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError):
            raise _unreadable() from None
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        raise _unreadable() from None


def mapping_from_file(name: str, data: bytes, *, register: str | None = None) -> dict:
    """Read and check a mapping file (JSON or YAML): {name, register, columns, values}; ValidationError if not.

    With ``register`` (``koers import REGISTER``), a file without a register is taken as one for it, and a file
    for another register is refused.
    """
    spec = load_spec(name, data)
    if not isinstance(spec, dict):
        raise _unreadable()
    given = spec.get("register")
    code = register_lookup(given) if given not in (None, "") else register
    if register and code != register:
        raise ValidationError(
            _("Deze koppeling hoort bij het register '%(r)s', niet bij '%(s)s'.")
            % {"r": str(given)[:40], "s": register}
        )
    if code is None:
        raise ValidationError(
            _("Onbekend register '%(r)s'. Kies uit: %(k)s.") % {"r": str(given or "")[:40], "k": ", ".join(REGISTERS)}
        )
    columns, values = validate_mapping(code, spec.get("columns"), spec.get("values"))
    stem = name.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return {
        "name": str(spec.get("name") or stem).strip()[:100],
        "register": code,
        "columns": columns,
        "values": values,
    }


def mapping_to_dict(mapping) -> dict:
    """The file form of a mapping; `koers import REGISTER FILE --mapping mapping.json` reads the same."""
    return {
        "name": mapping.name,
        "register": mapping.register,
        "columns": dict(mapping.columns),
        "values": {k: dict(v) for k, v in mapping.values.items()},
    }
