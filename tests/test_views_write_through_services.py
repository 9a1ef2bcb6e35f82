"""Views are thin: every state change goes through its app's service (issue 10).

A view parses the form, calls a service and redirects or renders. The service holds the transaction, the rules
(the plan lock and its amendment, a mapping's unique name, ...) and the side effects on commit. This test reads
the source of every ``views.py`` and ``*_views.py`` and fails when a view calls a write method itself.
"""

import ast
from pathlib import Path

import koers

WRITES = {"save", "create", "delete", "update", "get_or_create", "update_or_create", "bulk_create", "bulk_update"}
SRC = Path(koers.__file__).parent

# (file, function, call) that write, but no domain data. Keep this short; say why for each.
ALLOWED = {
    ("monitoring/views.py", "_log", "AccessLog.objects.create"):
        "the access log of a read (who looked at pupil data), required by the AVG; records, changes nothing",
    ("reports/views.py", "standard_download", "AccessLog.objects.create"):
        "the access log of a download of the monthly data set, as above",
    ("reports/views.py", "standard", "context.update"):
        "a dict (the template context), not a model",
    ("accounts/otp_views.py", "_qr_svg", "image.save"):
        "the QR code written into a BytesIO buffer, not a model",
}  # fmt: skip


def _view_files():
    for path in sorted(SRC.glob("*/*.py")):
        is_view = path.name == "views.py" or path.name.endswith("_views.py")
        if is_view:  # every app, accounts too
            yield path


def _writes(path: Path, root: Path = SRC):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(function):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in WRITES:
                yield (str(path.relative_to(root)), function.name, ast.unparse(node.func)), node.lineno


def test_views_write_only_through_services():
    found = {}
    for path in _view_files():
        for key, line in _writes(path):
            found.setdefault(key, line)
    offending = sorted(f"{file}:{line} {function}() calls {call}(...)" for (file, function, call), line in
                       found.items() if (file, function, call) not in ALLOWED)  # fmt: skip
    assert offending == [], "Call a service instead:\n" + "\n".join(offending)
    # an allowance no longer needed goes, so the list stays short and true
    assert sorted(set(ALLOWED) - set(found)) == []


def test_every_app_is_read():
    files = {str(path.relative_to(SRC)) for path in _view_files()}
    assert {"accounts/views.py", "accounts/member_views.py", "accounts/otp_views.py", "reports/views.py"} <= files


def test_the_check_sees_a_direct_write(tmp_path):
    view = tmp_path / "views.py"
    view.write_text(
        "def edit(request):\n"
        "    form.save()\n"
        "    Thing.objects.filter(pk=1).update(x=2)\n"
        "    Thing.objects.create(swv=request.swv)\n"
        "    obj.delete()\n"
    )
    calls = [call for (_file, _function, call), _line in _writes(view, root=tmp_path)]
    assert calls == ["form.save", "Thing.objects.filter(pk=1).update", "Thing.objects.create", "obj.delete"]
