"""No import runs from a lower room to a higher one, as far as reading the imports can tell.

The rooms, lowest first (tenants/README.md): the action log's writing side, sites, notices,
rosters, the gate, reports and the log's pages, then the portal, and the API and the tasks on
top. An app may import from its own room and any room below it, never above, not even inside
a function. The platform's packages (guanjia, accounts, …) sit below all of them.
"""

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
RANKS = {
    "tenants.history": 1,
    "tenants.sites": 2,
    "tenants.notices": 3,
    "tenants.rosters": 4,
    "tenants.gate": 5,
    "tenants.reports": 6,
    "tenants.history.pages": 6,
    "tenants.portal": 7,
    "api": 8,
    "tasks": 8,
}
# The log is written by every room but read on pages that filter by site: those modules form
# a room of their own, above the sites.
HISTORY_PAGES = ("views", "forms", "urls_portal", "menu", "describe", "templatetags")


def room_of(module: str) -> str | None:
    """The room a dotted module name belongs to, or None outside the ranked rooms."""
    parts = module.split(".")
    if parts[0] in ("api", "tasks"):
        return parts[0]
    if parts[0] != "tenants" or len(parts) < 2:
        return None
    room = f"tenants.{parts[1]}"
    if room == "tenants.history" and len(parts) > 2 and parts[2] in HISTORY_PAGES:
        return "tenants.history.pages"
    return room if room in RANKS else None


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def imports_of(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names += [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
    return names


def upward_imports() -> list[str]:
    found = []
    for folder in ("tenants", "api", "tasks"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            source = room_of(module_name(path))
            if source is None:
                continue
            for name in imports_of(path):
                target = room_of(name)
                if target is not None and RANKS[target] > RANKS[source]:
                    found.append(f"{path.relative_to(ROOT)} ({source}) imports {name} ({target})")
    return sorted(set(found))


def test_no_import_runs_from_a_lower_room_to_a_higher_one():
    assert upward_imports() == []


def test_the_check_sees_an_upward_import(tmp_path):
    """The reader is not blind: an import from a lower room to a higher one is found."""
    assert room_of("tenants.sites.views") == "tenants.sites"
    assert room_of("tenants.history.views") == "tenants.history.pages"
    assert room_of("tenants.history.services") == "tenants.history"
    probe = tmp_path / "probe.py"
    probe.write_text("def later():\n    from tasks.rosters import refresh_gap_alerts_task\n")
    assert "tasks.rosters" in imports_of(probe)
    assert RANKS[room_of("tasks.rosters")] > RANKS[room_of("tenants.rosters.services.shifts")]
