"""The layers stay apart: every module imports only the layers below it (written once, in LAYERS), and no
module imports itself back through a cycle."""
import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app"
# layer -> the layers it may import. A module's layer is its first package under app/ (app/core/... is
# "core"), or its own name for the modules at the top of app/ (app/access.py is "access").
LAYERS = {
    "core": set(),                                     # the domain: pure Python
    "store": {"core"},                                 # every SQL statement
    "report": {"core"},                                # report context, HTML, PDF, exports, charts
    "teamview": {"core", "report"},                    # a workshop's team view, built once per change and kept
    "plans": {"core", "store"},                        # targets, the action plan and its review, as plain values
    "reminders": {"store", "mail"},                    # the weekly mail to action owners
    "approvals": {"core", "store", "report", "mail"},  # charter versions and the sponsor's approval
    "assessments": {"core", "store", "report", "teamview", "plans", "approvals"},  # the service: the context
    "db": {"store"},                                   # a connection per request (Flask glue)
    "mail": set(),
    "background": {"report"},                          # the render queue and its worker (Huey)
    "serving": set(),                                  # gunicorn's slow-client-safe worker
    "redact": set(),                                   # secrets out of log lines (gunicorn.conf.py uses it too)
    "passwords": set(),                                # the password policy (forms and the CLI)
    "access": {"assessments", "store", "core", "db"},  # the gate
    "web": {"access", "assessments", "plans", "approvals", "store", "core", "report", "db", "mail", "background",
            "passwords"},
    "cli": {"assessments", "plans", "reminders", "approvals", "store", "core", "report", "db", "mail", "background",
            "passwords"},
    "factory": {"core", "report", "db", "cli", "web", "access", "background", "teamview", "redact"},
    "app": {"factory"},                                # app/__init__.py: create_app
}
# Layers that must not import Flask or the web stack (they run in the CLI, in tests and in workers alike).
NO_FLASK = {"core", "store", "report", "assessments", "mail", "serving", "teamview", "plans", "redact", "passwords"}
FLASK = ("flask", "flask_wtf", "wtforms", "werkzeug")
NO_DATABASE = {"core", "report"}
DATABASE = ("sqlite_utils", "sqlite3")


def _module(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


MODULES = {_module(p): p for p in sorted(APP.rglob("*.py"))}


def _layer(module: str) -> str:
    parts = module.split(".")
    return "app" if len(parts) == 1 else parts[1]


def _imports(path: Path) -> set[str]:
    """Every module a file imports, at the top, inside a function (a lazy import still ties the layers) or for type
    checkers only (`if TYPE_CHECKING:`: a reader still follows it, and a lower layer names what it needs itself)."""
    names = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}: a relative import hides the layer"
            base = node.module
            submodules = {f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in MODULES}
            names.update(submodules)
            if len(submodules) < len(node.names):  # names defined in the package itself, not its submodules
                names.add(base)
    return names


def test_every_module_has_a_layer():
    assert {_layer(m) for m in MODULES} <= set(LAYERS), {_layer(m) for m in MODULES} - set(LAYERS)


@pytest.mark.parametrize("module", sorted(MODULES), ids=str)
def test_a_module_imports_only_the_layers_below_it(module):
    layer = _layer(module)
    imported = _imports(MODULES[module])
    upward = {name for name in imported if name.startswith("app.") or name == "app"}
    upward = {name for name in upward if _layer(name) not in LAYERS[layer] | {layer}}
    assert not upward, f"{module} ({layer}) imports {sorted(upward)}; {layer} may import {sorted(LAYERS[layer])}"
    if layer in NO_FLASK:
        web = {n for n in imported for f in FLASK if n == f or n.startswith(f + ".")}
        assert not web, f"{module} ({layer}) imports {sorted(web)}"
    if layer in NO_DATABASE:
        database = {n for n in imported for d in DATABASE if n == d or n.startswith(d + ".")}
        assert not database, f"{module} ({layer}) imports {sorted(database)}"


def test_no_module_imports_itself_back():
    """No import cycle between the app's modules (lazy imports inside functions count too)."""
    graph = {m: {n for n in _imports(p) if n in MODULES and n != m} for m, p in MODULES.items()}
    state: dict[str, int] = {}

    def visit(module, trail):
        state[module] = 1
        for following in sorted(graph[module]):
            if state.get(following) == 1:
                cycle = trail[trail.index(following):] + [following]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if following not in state:
                visit(following, trail + [following])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])


def test_the_layer_table_is_a_ladder():
    """The allowed directions never point both ways, so the table itself has no cycle."""
    for layer, below in LAYERS.items():
        for other in below:
            assert layer not in LAYERS[other], f"{layer} and {other} may import each other"


def test_importing_the_core_loads_neither_flask_nor_the_store():
    code = ("import sys, app.core.evaluation, app.core.charter, app.core.rounds, app.core.aggregate, app.core.exchange, "
            "app.core.demo; print(sorted(m for m in sys.modules if m.split('.')[0] in ('flask', 'sqlite_utils') "
            "or m.startswith('app.store') or m.startswith('app.web')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT).stdout
    assert out.strip() == "[]"


def test_the_package_version_is_the_newest_changelog_entry():
    import tomllib

    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    changelog = (ROOT / "README.md").read_text(encoding="utf-8").split("## Changelog", 1)[1]
    assert re.search(r"^- \*\*(\d+\.\d+\.\d+)\*\*", changelog, re.M).group(1) == version
