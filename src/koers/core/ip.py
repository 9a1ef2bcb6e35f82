"""The client's address, the same for the login lockout (django-axes) and the history.

Behind a reverse proxy every request comes from the proxy. With ``KOERS_TRUSTED_PROXIES`` set, the address is
taken from ``X-Forwarded-For``: either a number (that many proxies in front of Koers, each appending the address it
saw) or a comma-separated list of proxy addresses or networks (``127.0.0.1,10.0.0.0/8``). Without it the header is
ignored: anyone can send it.
"""

import ipaddress

from django.conf import settings


def _valid(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def _trusted_setting():
    """(count, networks) from the setting; (0, []) when off."""
    value = getattr(settings, "KOERS_TRUSTED_PROXIES", "")
    if isinstance(value, int):
        return value, []
    if isinstance(value, str):
        value = [item.strip() for item in value.split(",") if item.strip()]
    items = list(value or [])
    if len(items) == 1 and str(items[0]).isdecimal():
        return int(items[0]), []
    return 0, [ipaddress.ip_network(str(item), strict=False) for item in items]


def _is_trusted(address: str, networks) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_ip(request) -> str | None:
    """The address of the client that sent ``request``, as far as Koers can trust it."""
    meta = getattr(request, "META", None) or {}
    remote = meta.get("REMOTE_ADDR") or None
    count, networks = _trusted_setting()
    if not count and not networks:
        return remote
    forwarded = [item.strip() for item in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if item.strip()]
    chain = [*forwarded, remote] if remote else forwarded
    if not chain:
        return remote
    if count:
        # the nearest `count` hops are our proxies; the one before them is the client
        candidate = chain[max(0, len(chain) - 1 - count)]
    else:
        if remote is None or not _is_trusted(remote, networks):
            return remote  # not sent by a trusted proxy: its header means nothing
        candidate = next((hop for hop in reversed(chain) if not _is_trusted(hop, networks)), chain[0])
    return candidate if _valid(candidate) else remote
