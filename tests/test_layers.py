"""The layers stay apart: the domain core imports neither Flask nor the store nor the rendering layer."""
import ast
from pathlib import Path

import pytest

CORE = Path(__file__).resolve().parent.parent / "app" / "core"
FORBIDDEN = ("flask", "flask_wtf", "wtforms", "werkzeug", "sqlite_utils", "sqlite3", "weasyprint", "app.store",
             "app.web", "app.report", "app.db", "app.assessments", "app.access")


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0 or node.module, f"{path.name}: relative imports hide the layer"
            names.add(node.module or "")
    return names


@pytest.mark.parametrize("path", sorted(CORE.rglob("*.py")), ids=lambda p: str(p.relative_to(CORE)))
def test_core_module_imports_no_web_store_or_rendering(path):
    bad = {name for name in _imports(path) for f in FORBIDDEN if name == f or name.startswith(f + ".")}
    assert not bad, f"app/core/{path.relative_to(CORE)} imports {sorted(bad)}"


def test_importing_the_core_loads_neither_flask_nor_the_store():
    import subprocess
    import sys

    code = ("import sys, app.core.evaluation, app.core.charter, app.core.rounds, app.core.aggregate, app.core.exchange, "
            "app.core.demo; print(sorted(m for m in sys.modules if m.split('.')[0] in ('flask', 'sqlite_utils') "
            "or m.startswith('app.store') or m.startswith('app.web')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=CORE.parent.parent).stdout.strip()
    assert out == "[]"


def test_the_package_version_is_the_newest_changelog_entry():
    import re
    import tomllib

    root = CORE.parent.parent
    version = tomllib.loads((root / "pyproject.toml").read_text())["project"]["version"]
    changelog = (root / "README.md").read_text(encoding="utf-8").split("## Changelog", 1)[1]
    assert re.search(r"^- \*\*(\d+\.\d+\.\d+)\*\*", changelog, re.M).group(1) == version
