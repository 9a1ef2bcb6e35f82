"""What HTTP methods a view accepts, read from the view itself (for the access matrix)."""

import inspect
import re

from django.urls import URLResolver, get_resolver

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
_HANDLES_POST = re.compile(r"request\.(POST|FILES|method)\b")


def _restricted(view):
    """The methods a ``require_http_methods`` (``require_POST``, ``require_GET``...) wrapper allows, or None."""
    allowed = None
    seen = set()
    while view is not None and id(view) not in seen:
        seen.add(id(view))
        code = getattr(view, "__code__", None)
        if code is not None and "request_method_list" in code.co_freevars and view.__closure__:
            cells = dict(zip(code.co_freevars, view.__closure__, strict=True))
            methods = {m.upper() for m in cells["request_method_list"].cell_contents}
            allowed = methods if allowed is None else allowed & methods
        view = getattr(view, "__wrapped__", None)
    return allowed


def is_restricted(callback) -> bool:
    """True when the view itself answers 405 to a method it does not accept (otherwise a POST to a read-only
    function view just shows the page)."""
    return bool(getattr(callback, "actions", None) or getattr(callback, "cls", None)) or bool(
        getattr(callback, "view_class", None) or _restricted(callback) is not None
    )


def accepted_methods(callback) -> frozenset[str]:
    """GET/POST/PUT/PATCH/DELETE the view answers (HEAD and OPTIONS left out)."""
    actions = getattr(callback, "actions", None)
    if actions:  # a DRF viewset route: method -> action
        return frozenset(m.upper() for m in actions if m.upper() in METHODS)
    cls = getattr(callback, "cls", None)
    if cls is not None:  # a DRF view
        return frozenset(m.upper() for m in cls.http_method_names if hasattr(cls, m) and m.upper() in METHODS)
    cls = getattr(callback, "view_class", None)
    if cls is not None:  # a Django class-based view: a page, so GET and POST (a form view's put() is post())
        return frozenset(m.upper() for m in cls.http_method_names if hasattr(cls, m) and m in ("get", "post"))
    restricted = _restricted(callback)
    function = inspect.unwrap(callback)
    methods = {"GET"}
    if _HANDLES_POST.search(inspect.getsource(function)):
        methods.add("POST")
    if restricted is not None:
        methods = (methods | {"POST"} if "POST" in restricted else methods) & restricted
    return frozenset(methods)


def route_callbacks():
    """route name -> view callback, as the matrix walks them (the Django admin left out)."""

    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if str(pattern.pattern).startswith("systeembeheer"):
                    continue  # the Django admin, for system managers only, has its own permission checks
                yield from walk(pattern.url_patterns, pattern.namespace or namespace)
            elif pattern.name:
                yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), pattern.callback

    return dict(walk(get_resolver().url_patterns))
