"""What import-linter (`make layers`) cannot see: views and API modules never build querysets — they call
their app's queries.py."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
THIN = sorted(p for p in (ROOT / "src" / "hemvag").glob("*/*.py") if p.name in {"views.py", "api.py"})


@pytest.mark.parametrize("path", THIN, ids=[str(p.relative_to(ROOT)) for p in THIN])
def test_views_and_api_modules_build_no_querysets(path):
    tree = ast.parse(path.read_text())
    built = [node.lineno for node in ast.walk(tree) if isinstance(node, ast.Attribute) and node.attr == "objects"]
    from_models = [node.lineno for node in ast.walk(tree)
                   if isinstance(node, ast.ImportFrom) and node.module == "django.db.models"]
    assert not built, f"{path.name}: Model.objects at lines {built}: ask queries.py"
    assert not from_models, f"{path.name}: imports django.db.models at lines {from_models}: ask queries.py"

