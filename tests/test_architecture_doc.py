"""ARCHITECTURE.md says what the code does: its layer table is the one tests/test_layers.py enforces."""
from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _layers_in_test() -> dict[str, set[str]]:
    tree = ast.parse((ROOT / "tests" / "test_layers.py").read_text(encoding="utf-8"))
    node = next(n for n in tree.body if isinstance(n, ast.Assign) and getattr(n.targets[0], "id", "") == "LAYERS")
    return {key: set(value) for key, value in ast.literal_eval(node.value).items()}


def _layers_in_doc() -> dict[str, set[str]]:
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    table = text.split("<!-- layers:", 1)[1].split("<!-- /layers -->", 1)[0]
    rows = {}
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0].startswith("`"):
            allowed = set() if cells[2] == "nothing of the app" else {c.strip() for c in cells[2].split(",")}
            rows[cells[0].strip("`")] = allowed
    return rows


def test_the_layer_table_of_the_architecture_page_is_the_enforced_one():
    enforced = {layer: below for layer, below in _layers_in_test().items() if layer != "app"}
    assert _layers_in_doc() == enforced


def test_every_package_says_what_it_holds():
    for package in sorted((ROOT / "app").rglob("__init__.py")):
        docstring = ast.get_docstring(ast.parse(package.read_text(encoding="utf-8")))
        assert docstring and len(docstring) > 20, f"{package.relative_to(ROOT)} has no docstring"


def test_the_readme_layout_table_names_every_layer():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    layout = readme.split("## How the code is laid out", 1)[1].split("\n## ", 1)[0]
    for layer in ("app/core/", "app/store/", "app/report/", "app/web/", "app/cli/", "app/assessments.py", "app/access.py"):
        assert re.search(re.escape(f"`{layer}"), layout), layer
