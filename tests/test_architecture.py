"""The layers of docs/architecture.md hold: arrows never climb, and no import cycles.

Every import counts, those inside functions too: a lazy import that dodges a cycle is a
cycle all the same.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("agency", "articles", "services", "leads")

# Layer of a module, by its dotted name's prefix (longest first); higher may use lower.
LAYERS = [
    ("agency.core", 0, "infrastructure"),
    ("articles", 1, "feature"),
    ("services", 1, "feature"),
    ("leads", 1, "feature"),
    ("agency.site", 2, "site"),
    ("agency", 3, "project"),
]


def layer_of(module):
    for prefix, rank, name in LAYERS:
        if module == prefix or module.startswith(prefix + "."):
            return rank, name
    return None


def module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def our_modules():
    modules = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            modules[module_name(path)] = path
    return modules


MODULES = our_modules()


def resolve(name):
    """The module of ours that an imported name lives in (a module or a package)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def imports_of(module, path):
    is_package = path.name == "__init__.py"
    package = module if is_package else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                stem = ".".join(base + ([node.module] if node.module else []))
            else:
                stem = node.module or ""
            names = [f"{stem}.{alias.name}" for alias in node.names] + [stem]
        else:
            continue
        for name in names:
            target = resolve(name)
            if target and target != module and not module.startswith(target + "."):
                found.add(target)
    return found


GRAPH = {module: imports_of(module, path) for module, path in MODULES.items()}


def test_the_walk_sees_every_package():
    """Guards the test itself: it reads the apps and finds their imports."""
    assert {"agency.core.pagecache", "articles.models", "agency.site.frame"} <= set(
        GRAPH
    )
    assert "agency.core.pagecache" in GRAPH["articles.apps"]


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_no_arrow_climbs(module):
    """Infrastructure imports no feature or site module; features import no site
    module; settings-free project modules may import anything."""
    rank, name = layer_of(module)
    climbing = []
    for target in GRAPH[module]:
        target_rank, target_name = layer_of(target)
        if target_rank > rank and not (
            target_name == "project" and target.startswith("agency.settings")
        ):
            climbing.append(f"{module} ({name}) -> {target} ({target_name})")
    assert not climbing, "\n".join(climbing)


def test_no_import_cycles():
    """No module reaches itself through imports, lazy ones included."""
    cycles = []
    state = {}
    stack = []

    def visit(module):
        state[module] = "open"
        stack.append(module)
        for target in sorted(GRAPH.get(module, ())):
            if state.get(target) == "open":
                cycles.append(" -> ".join([*stack[stack.index(target) :], target]))
            elif target not in state:
                visit(target)
        stack.pop()
        state[module] = "done"

    for module in sorted(GRAPH):
        if module not in state:
            visit(module)
    assert not cycles, "\n".join(cycles)
