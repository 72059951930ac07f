"""What the roster shows people first: the guard's "my shifts" and the managers' gap alerts.

"My shifts" and the alerts read the clock, so their shifts are placed around now. A guard sees
the shift they are on and the next 14 days; managers see unresolved gaps on the home page, site
managers only those of their sites.
"""

import re

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from accounts.roles import Role
from tenants.rosters.services.alerts import refresh_gap_alerts
from tenants.rosters.services.people import create_duty_person
from tests.conftest import make_gate, make_shift, make_site
from tests.rosters.roster_helpers import HOUR, staff
from tests.rosters.roster_page_helpers import EN, local, text_of
from tests.sites.site_helpers import assign

# My shifts: the guard's phone


@pytest.fixture
def guard(make_member, company_a):
    return make_member(company_a, Role.GUARD)


@pytest.fixture
def guard_on_duty(company_a, guard):
    with schema_context(company_a.schema_name):
        return create_duty_person(by=None, company=company_a, user=guard)


def test_a_guard_sees_the_shift_they_are_on_first_and_then_the_next_14_days(
    client_for, company_a, site_a, gate_a, guard, guard_on_duty, person_a
):
    now = timezone.now().replace(second=0, microsecond=0)
    east, west, north = (
        make_gate(company_a, site_a, name=name) for name in ("东门", "西门", "北门")
    )
    make_shift(company_a, gate_a, guard_on_duty, now - HOUR, now + 7 * HOUR)
    make_shift(company_a, east, guard_on_duty, now + 72 * HOUR, now + 80 * HOUR)
    make_shift(
        company_a, west, guard_on_duty, now + 15 * 24 * HOUR, now + 15 * 24 * HOUR + 8 * HOUR
    )
    make_shift(company_a, north, person_a, now + 2 * HOUR, now + 10 * HOUR)

    page = client_for(company_a, guard).get("/m/shifts/", **EN)
    assert page.status_code == 200
    text = text_of(page.text)
    current = (
        f"On duty now 南门 天山天义小区 {local(now - HOUR, '%H:%M')} – "
        f"{local(now + 7 * HOUR, '%H:%M')} until {local(now + 7 * HOUR, '%m-%d %H:%M')}"
    )
    assert current in text
    later = (
        f"东门 天山天义小区 {local(now + 72 * HOUR, '%H:%M')} – {local(now + 80 * HOUR, '%H:%M')}"
    )
    assert later in text
    assert text.index(current) < text.index("Next 14 days") < text.index(later)
    assert "西门" not in text  # 15 days away
    assert "北门" not in text  # someone else's shift


def test_a_guard_with_nothing_coming_is_told_so(client_for, company_a, guard, guard_on_duty):
    page = client_for(company_a, guard).get("/m/shifts/", **EN)
    assert "No more shifts in the next 14 days." in page.text
    assert "On duty now" not in page.text


def test_a_guard_marked_absent_does_not_see_that_shift(
    client_for, company_a, gate_a, guard, guard_on_duty, manager_a
):
    now = timezone.now()
    shift = make_shift(company_a, gate_a, guard_on_duty, now + HOUR, now + 9 * HOUR)
    manager = client_for(company_a, manager_a)
    assert manager.post(f"/shifts/{shift.pk}/absent/", {"cover": ""}).status_code == 302
    page = client_for(company_a, guard).get("/m/shifts/", **EN)
    assert "南门" not in page.text
    assert "No more shifts in the next 14 days." in page.text


def test_a_guard_not_on_the_list_of_people_on_duty_is_told_to_ask_their_manager(
    client_for, company_a, guard
):
    page = client_for(company_a, guard).get("/m/shifts/", **EN)
    assert page.status_code == 200
    assert (
        "You are not on the list of people on duty yet. Ask your manager to add you." in page.text
    )


def test_a_guard_opening_the_portal_is_sent_to_their_gate(client_for, company_a, guard):
    response = client_for(company_a, guard).get("/")
    assert response.status_code == 302
    assert response["Location"] == "/m/gate/"


# Gap alerts on the home page


def alerts_on(page: str) -> list[str]:
    part = re.search(r'<section class="card warning" id="gap-alerts">(.*?)</section>', page, re.S)
    return [text_of(item) for item in re.findall(r"<li>(.*?)</li>", part[1], re.S)] if part else []


@pytest.fixture
def alerts(company_a, site_a, gate_a, person_a):
    """Now: the south gate of 天山天义小区 and the east gate of 虹桥花园 are unstaffed for the
    next 48 hours; the north gate of 天山天义小区 was too, until it was staffed."""
    now = timezone.now().replace(second=0, microsecond=0)
    north = make_gate(company_a, site_a, name="北门")
    other_site = make_site(company_a, name="虹桥花园")
    make_gate(company_a, other_site, name="东门")
    with schema_context(company_a.schema_name):
        refresh_gap_alerts(by=None, now=now)
    staff(company_a, north, person_a, now - HOUR, now + 49 * HOUR)
    with schema_context(company_a.schema_name):
        refresh_gap_alerts(by=None, now=now)
    return now, other_site


def alert_line(site, gate, now) -> str:
    """An alert as the home page lists it: where, when and how many are missing."""
    hours = f"{local(now, '%m-%d %H:%M')} – {local(now + 48 * HOUR, '%m-%d %H:%M')}"
    return f"{site} · {gate} {hours}: 1 missing Fill it on the board"


def test_managers_see_the_unresolved_gap_alerts_on_the_home_page(
    client_for, company_a, manager_a, site_a, alerts
):
    now, other_site = alerts
    page = client_for(company_a, manager_a).get("/", **EN)
    assert page.status_code == 200
    assert "Gaps in the gate rosters" in page.text
    assert sorted(alerts_on(page.text)) == [
        alert_line("天山天义小区", "南门", now),
        alert_line("虹桥花园", "东门", now),
    ]
    week = local(now, "%Y-%m-%d")
    assert f'href="/sites/{site_a.pk}/board/?week={week}"' in page.text
    assert f'href="/sites/{other_site.pk}/board/?week={week}"' in page.text


def test_a_site_manager_sees_only_the_gap_alerts_of_their_sites(
    client_for, company_a, site_manager_a, alerts
):
    now, other_site = alerts
    assign(company_a, other_site, site_manager_a)
    page = client_for(company_a, site_manager_a).get("/", **EN)
    assert alerts_on(page.text) == [alert_line("虹桥花园", "东门", now)]


def test_the_home_page_has_no_alerts_when_every_gap_is_filled(
    client_for, company_a, manager_a, site_a, gate_a, person_a
):
    now = timezone.now()
    with schema_context(company_a.schema_name):
        refresh_gap_alerts(by=None, now=now)
    staff(company_a, gate_a, person_a, now - HOUR, now + 49 * HOUR)
    with schema_context(company_a.schema_name):
        refresh_gap_alerts(by=None, now=now)
    page = client_for(company_a, manager_a).get("/", **EN)
    assert alerts_on(page.text) == []
    assert "Gaps in the gate rosters" not in page.text
