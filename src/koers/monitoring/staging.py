"""Sealed uploads live in :mod:`koers.core.staging` (shared by every import); kept here for old imports."""

from koers.core.staging import expiry, seal, unseal

__all__ = ["expiry", "seal", "unseal"]
