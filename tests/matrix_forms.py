"""The main form of a rendered page as POST data, and a snapshot of the database (for the access matrix)."""

import hashlib
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.apps import apps


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []  # (attrs, [(name, value)])
        self._form = None
        self._select = None  # (name, first option value, chosen values, multiple)
        self._option = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self._form = (a, [])
            self.forms.append(self._form)
        if self._form is None:
            return
        fields = self._form[1]
        name = a.get("name")
        if tag == "input" and name and "disabled" not in a:
            kind = a.get("type", "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    fields.append((name, a.get("value", "on")))
            elif kind not in ("submit", "button", "file", "image", "reset"):
                fields.append((name, a.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
        elif tag == "select" and name:
            self._select = [name, None, [], "multiple" in a]
        elif tag == "option" and self._select is not None:
            self._option = a.get("value")
            if self._select[1] is None:
                self._select[1] = self._option
            if "selected" in a:
                self._select[2].append(self._option)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data
        if self._select is not None and self._option is None:
            pass

    def handle_endtag(self, tag):
        if self._form is None:
            return
        if tag == "textarea" and self._textarea is not None:
            self._form[1].append(tuple(self._textarea))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            name, first, chosen, multiple = self._select
            if not chosen and not multiple and first is not None:
                chosen = [first]
            self._form[1].extend((name, value) for value in chosen)
            self._select = None
        elif tag == "form":
            self._form = None


def page_form(html: str, path: str) -> dict:
    """The POST form of the page that posts to ``path`` itself (the one with most fields), as a dict for the test
    client: one value per name, a list where a name repeats. {} when the page has no such form."""
    parser = _Forms()
    parser.feed(html)
    best = None
    for attrs, fields in parser.forms:
        if attrs.get("method", "get").lower() != "post":
            continue
        action = urlsplit(attrs.get("action", "")).path
        if action not in ("", path):
            continue
        if best is None or len(fields) > len(best):
            best = fields
    data = {}
    for name, value in best or []:
        if name in data:
            data[name] = (data[name] if isinstance(data[name], list) else [data[name]]) + [value]
        else:
            data[name] = value
    data.pop("csrfmiddlewaretoken", None)
    return data


def koers_models():
    extra = {"otp_totp", "otp_static"}  # the second factor: a denied request must not touch it either
    return [m for m in apps.get_models() if m._meta.app_config.name.startswith("koers.") or m._meta.app_label in extra]


def snapshot() -> dict:
    """Per model: the number of rows and a checksum of (pk, updated_at, version) where the model has them."""
    state = {}
    for model in koers_models():
        names = {f.name for f in model._meta.concrete_fields}
        tracked = [n for n in ("updated_at", "version") if n in names]
        queryset = model._base_manager.all()
        if tracked:
            digest = hashlib.sha1(usedforsecurity=False)
            for row in queryset.order_by("pk").values_list("pk", *tracked).iterator():
                digest.update(repr(row).encode())
            state[model._meta.label] = (queryset.count(), digest.hexdigest()[:12])
        else:
            state[model._meta.label] = (queryset.count(), None)
    return state


def changes(before: dict, after: dict) -> list[str]:
    return [f"{label}: {before[label]} -> {after[label]}" for label in before if before[label] != after[label]]
