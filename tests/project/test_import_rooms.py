"""No import runs from a lower room to a higher one, as far as reading the imports can tell.

The rooms, lowest first (tenants/README.md): the platform's shared pieces, the action log's
writing side, sites, the People page (which assigns people to sites), notices, rosters, the
gate, reports and the log's pages, then the portal; the API, the tasks and the regulators'
pages, which read every feature, above them; and at the very top the roots that name every room
(the company host's URLconf, the demo loader). An app may import from its own room and any
room below it, never above, not even inside a function.
"""

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
RANKS = {
    "platform": 0,
    "tenants.history": 1,
    "tenants.sites": 2,
    "accounts.staff": 3,
    "tenants.notices": 4,
    "tenants.rosters": 5,
    "tenants.gate": 6,
    "tenants.cleaning": 6,
    "tenants.reports": 7,
    "tenants.history.pages": 7,
    "tenants.portal": 8,
    "api": 9,
    "tasks": 9,
    "regulators": 9,
    "roots": 10,
}
PLATFORM = ("guanjia", "companies", "accounts", "audit", "partners", "regulators")
# The log is written by every room but read on pages that filter by site: those modules form
# a room of their own, above the sites.
HISTORY_PAGES = ("views", "forms", "urls_portal", "menu", "describe", "templatetags")
# The People page and mobile logins work on a company's host and give people sites.
STAFF = ("services", "forms", "views_staff", "sign_in_codes", "urls", "urls_staff")
# Regulators' pages read every company's features; the read-only enforcement under every
# request (models, middleware, the bookkeeping mark) is the platform's.
REGULATOR_PAGES = ("views", "queries", "urls")
ROOTS = ("guanjia.urls_tenant", "devtools")


def room_of(module: str) -> str | None:
    """The room a dotted module name belongs to, or None outside the ranked rooms."""
    parts = module.split(".")
    if any(module == root or module.startswith(f"{root}.") for root in ROOTS):
        return "roots"
    if parts[0] in ("api", "tasks"):
        return parts[0]
    if parts[0] == "regulators" and len(parts) > 1 and parts[1] in REGULATOR_PAGES:
        return "regulators"
    if parts[0] == "accounts" and len(parts) > 1 and parts[1] in STAFF:
        return "accounts.staff"
    if parts[0] in PLATFORM:
        return "platform"
    if parts[0] != "tenants" or len(parts) < 2:
        return None
    room = f"tenants.{parts[1]}"
    if room == "tenants.history" and len(parts) > 2 and parts[2] in HISTORY_PAGES:
        return "tenants.history.pages"
    return room if room in RANKS else None


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    # platform/ is not a package: its folders are installed as top-level packages.
    return ".".join(parts[1:] if parts[0] == "platform" else parts)


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
    for folder in ("platform", "tenants", "api", "tasks"):
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


def test_the_platform_is_read_as_the_lowest_room():
    """platform/'s folders are top-level packages: the check reads them under those names."""
    assert module_name(ROOT / "platform" / "guanjia" / "views.py") == "guanjia.views"
    assert room_of("guanjia.views") == "platform"
    assert room_of("accounts.roles") == "platform"
    assert room_of("accounts.views_staff") == "accounts.staff"
    assert RANKS[room_of("tenants.sites.models")] > RANKS[room_of("accounts.roles")]
    assert RANKS[room_of("accounts.services")] > RANKS[room_of("tenants.sites.models")]
    assert room_of("guanjia.urls_tenant") == room_of("devtools.demo") == "roots"
    assert room_of("regulators.bookkeeping") == "platform"
    assert room_of("regulators.queries") == "regulators"
