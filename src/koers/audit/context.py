"""Who is acting right now: set by the middleware for requests and by services/commands otherwise."""

import contextlib
from contextvars import ContextVar

_actor: ContextVar = ContextVar("koers_actor", default=None)
_reason: ContextVar = ContextVar("koers_reason", default="")
_ip: ContextVar = ContextVar("koers_ip", default=None)


def current_user():
    return _actor.get()


def current_reason() -> str:
    return _reason.get()


def current_ip():
    """The client address of the request being handled (see koers.core.ip.client_ip), or None."""
    return _ip.get()


@contextlib.contextmanager
def from_address(ip):
    token = _ip.set(ip)
    try:
        yield
    finally:
        _ip.reset(token)


@contextlib.contextmanager
def acting_as(user, reason: str = ""):
    token_user = _actor.set(user)
    token_reason = _reason.set(reason)
    try:
        yield
    finally:
        _actor.reset(token_user)
        _reason.reset(token_reason)
