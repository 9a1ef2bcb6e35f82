"""Kinds of ``koers report`` that another app adds (registered in its ``AppConfig.ready``), so that this app does
not import it: ``koers report ondersteuningsplan`` is made by koers.plan_document, which itself builds on reports."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class CliKind:
    formats: tuple[str, ...]
    build: Callable  # build(plan, fmt, version=None) -> bytes; raises ValueError with a Dutch message


EXTRA_KINDS: dict[str, CliKind] = {}


def register(kind: str, formats: tuple[str, ...], build: Callable) -> None:
    EXTRA_KINDS[kind] = CliKind(formats, build)
