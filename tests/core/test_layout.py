"""The arrows of the layout: core imports no app; home imports no domain app."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = {"core", "home", "members", "events", "credits", "membership", "payments"}
DOMAIN_APPS = APPS - {"core", "home"}


def imported_apps(package):
    """(file, app) for every import of a project app inside `package`."""
    found = []
    for path in (ROOT / package).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top in APPS and top != package:
                    found.append((str(path.relative_to(ROOT)), top))
    return found


@pytest.mark.parametrize(
    ("package", "forbidden"), [("core", APPS), ("home", DOMAIN_APPS)]
)
def test_imports_point_one_way(package, forbidden):
    wrong = [(path, app) for path, app in imported_apps(package) if app in forbidden]
    assert wrong == []


def test_home_templates_load_no_domain_tags():
    loads = [
        path.name
        for path in (ROOT / "templates").rglob("*.html")
        for app in DOMAIN_APPS
        if f"{app}_tags" in path.read_text(encoding="utf-8")
    ]
    assert loads == []
