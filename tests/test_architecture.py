"""The layers of the code, read from the source with ``ast`` (top-level and function-level imports alike).

1. ``koers.core`` is the base layer: nothing under ``src/koers/core/`` imports another Koers package, only
   ``koers.conf`` (the settings package, below every app).
2. The packages under ``src/koers/`` import each other without a cycle. Tests (``tests/`` folders, ``test_*.py``,
   ``conftest.py``) are left out: they may use every app, and ``koers_dev.testing`` (the factories) with them.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

KOERS = Path(__file__).resolve().parent.parent / "src" / "koers"
CORE_MAY_IMPORT = {"core", "conf"}

# Imports that run against the layers, each with its reason. The test fails on an import along one of these
# edges from any other module, and on an entry that is no longer needed.
ALLOWED_UPWARD = {
    # A tertiaal is locked for realisation once its tertiaalrapportage is issued: plans reads Report. Inverting
    # it means storing the issued tertialen on the jaarplan (a model change and a data migration) or a hook from
    # reports into plans; a redesign outside issue 10.
    ("plans", "reports"): {("koers.plans.services", "koers.reports.models")},
    # Evaluation shows the values frozen by the retention job (privacy.BevrorenMeting) once the pupil rows are
    # gone. Breaking it means moving BevrorenMeting into monitoring (a model move between apps with a
    # state-only migration); a redesign outside issue 10.
    ("monitoring", "privacy"): {("koers.monitoring.evaluation", "koers.privacy.models")},
}


def _is_test(rel: Path) -> bool:
    return "tests" in rel.parts or rel.name.startswith("test_") or rel.name == "conftest.py"


def _module_name(rel: Path) -> str:
    parts = ["koers", *rel.with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, module: str):
    """(imported module, line) for every import in the file, at any depth; relative imports made absolute."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target == "koers":  # from koers import plans
                for alias in node.names:
                    yield f"koers.{alias.name}", node.lineno
            else:
                yield target, node.lineno


def _koers_imports(*, include_tests: bool):
    """(importer module, importer app, imported module, imported app, file, line) for imports of other packages."""
    for path in sorted(KOERS.rglob("*.py")):
        rel = path.relative_to(KOERS)
        if not include_tests and _is_test(rel):
            continue
        module = _module_name(rel)
        app = rel.parts[0].removesuffix(".py")
        for target, line in _imports(path, module):
            parts = target.split(".")
            if parts[0] == "koers" and len(parts) > 1 and parts[1] != app:
                yield module, app, target, parts[1], rel, line


def test_core_imports_no_other_koers_package():
    wrong = [
        f"src/koers/{rel}:{line} imports {target}"
        for _m, app, target, target_app, rel, line in _koers_imports(include_tests=True)
        if app == "core" and target_app not in CORE_MAY_IMPORT
    ]
    assert not wrong, "koers.core is the base layer and imports no other Koers app:\n" + "\n".join(wrong)


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle (as a path a -> ... -> a) per strongly connected component with more than one package."""
    index, low, stack, on_stack, components = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(component)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    cycles = []
    for component in components:
        start = min(component)
        path, seen = [start], {start}
        while True:  # walk inside the component until a package repeats
            nxt = min(n for n in graph[path[-1]] if n in component)
            if nxt in seen:
                cycles.append([*path[path.index(nxt) :], nxt])
                break
            path.append(nxt)
            seen.add(nxt)
    return cycles


def test_no_import_cycles_between_apps():
    graph: dict[str, set[str]] = defaultdict(set)
    where: dict[tuple[str, str], list[str]] = defaultdict(list)
    used_allowances: set[tuple[str, str]] = set()
    sneaking = []
    for module, app, target, target_app, rel, line in _koers_imports(include_tests=False):
        edge = (app, target_app)
        if edge in ALLOWED_UPWARD:
            if (module, target) in ALLOWED_UPWARD[edge]:
                used_allowances.add((module, target))
                continue
            sneaking.append(f"src/koers/{rel}:{line} imports {target} (only {ALLOWED_UPWARD[edge]} may)")
            continue
        graph[app].add(target_app)
        graph.setdefault(target_app, set())
        where[edge].append(f"src/koers/{rel}:{line}")
    assert not sneaking, "An allowed upward edge is for the named import only:\n" + "\n".join(sneaking)
    stale = {pair for pairs in ALLOWED_UPWARD.values() for pair in pairs} - used_allowances
    assert not stale, f"Allowed upward imports that no longer exist; remove them from ALLOWED_UPWARD: {stale}"
    cycles = _cycles(graph)
    message = []
    for cycle in cycles:
        message.append(" -> ".join(cycle))
        for a, b in zip(cycle, cycle[1:], strict=False):
            message.append(f"    {a} -> {b}: {', '.join(where[(a, b)][:5])}")
    assert not cycles, "Import cycles between the packages of src/koers:\n" + "\n".join(message)


def test_the_cycle_finder_names_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c", "a"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []
