"""The coverage board and the shifts a manager adds, changes and removes from it.

The board's week is the one of 1 December 2026 (Monday 30 November to Sunday 6 December): each
day of each gate shows who is on duty and where nobody is; a gap links to a new shift filled in.
Overlaps, impossible times and other companies' gates are refused with the reason; absences,
cover, double bookings and swaps show on the board.
"""

import datetime
import re

import pytest
from django.utils import formats, timezone, translation

from tenants.rosters.times import week_of
from tests.conftest import make_gate, make_person, make_shift, shanghai
from tests.rosters.roster_helpers import HOUR, roster_of, staff
from tests.rosters.roster_page_helpers import (
    EN,
    MONDAY,
    WEEK,
    blocks_on,
    form_values,
    gap_link,
    shifts_of,
    text_of,
)
from tests.sites.site_helpers import error_is_shown_on

# The coverage board


@pytest.fixture
def spare_guard(company_a):
    return make_person(company_a, name="张保安")


@pytest.fixture
def week_without_tuesday_night(company_a, gate_a, person_a, night_guard):
    """The south gate has a day shift and a night shift every day, but nobody on Tuesday night."""
    for n in range(7):
        day = MONDAY + datetime.timedelta(days=n)
        make_shift(
            company_a,
            gate_a,
            person_a,
            shanghai(day.year, day.month, day.day, 6),
            shanghai(day.year, day.month, day.day, 22),
        )
    for n in range(-1, 7):
        night = shanghai(2026, 11, 30, 22) + n * 24 * HOUR
        if night != shanghai(2026, 12, 1, 22):
            make_shift(company_a, gate_a, night_guard, night, night + 8 * HOUR)


def test_the_board_shows_each_day_of_the_gate_with_who_is_on_duty_and_the_night_gap(
    client_for, company_a, manager_a, site_a, week_without_tuesday_night
):
    page = client_for(company_a, manager_a).get(f"/sites/{site_a.pk}/board/?week={WEEK}", **EN)
    assert page.status_code == 200
    days = re.findall(r'data-day="([\d-]+)"', page.text)
    assert days == [(MONDAY + datetime.timedelta(days=n)).isoformat() for n in range(7)]
    assert blocks_on(page.text, "南门", "2026-11-30") == [
        ("shift", "王保安 00:00–06:00"),
        ("shift", "李志愿 06:00–22:00"),
        ("shift", "王保安 22:00–00:00"),
    ]
    assert blocks_on(page.text, "南门", "2026-12-01") == [
        ("gap", "Gap 22:00–00:00: 1 missing"),
        ("shift", "王保安 00:00–06:00"),
        ("shift", "李志愿 06:00–22:00"),
    ]
    assert blocks_on(page.text, "南门", "2026-12-02") == [
        ("gap", "Gap 00:00–06:00: 1 missing"),
        ("shift", "李志愿 06:00–22:00"),
        ("shift", "王保安 22:00–00:00"),
    ]
    assert [kind for kind, _label in blocks_on(page.text)].count("gap") == 2
    assert "8 uncovered hours this week" in page.text
    assert "8 h uncovered" in page.text


def test_a_fully_staffed_week_says_every_gate_is_covered(
    client_for, company_a, manager_a, site_a, gate_a, person_a
):
    staff(company_a, gate_a, person_a, shanghai(2026, 11, 30), shanghai(2026, 12, 7))
    page = client_for(company_a, manager_a).get(f"/sites/{site_a.pk}/board/?week={WEEK}", **EN)
    assert "Every open gate is covered all week." in page.text
    assert "gap" not in [kind for kind, _label in blocks_on(page.text)]


def test_a_gate_another_company_staffs_is_not_on_the_board(
    client_for, company_a, manager_a, site_a, gate_a
):
    make_gate(company_a, site_a, name="西门", responsible=False)
    page = client_for(company_a, manager_a).get(f"/sites/{site_a.pk}/board/?week={WEEK}", **EN)
    assert re.findall(r'data-gate="([^"]+)"', page.text) == ["南门"]
    assert "1 gate of this site is staffed by another company." in page.text
    # Only the south gate's week is missing: 7 days of 24 hours.
    assert "168 uncovered hours this week" in page.text


def test_a_week_that_is_not_a_date_shows_this_week(
    client_for, company_a, manager_a, site_a, gate_a
):
    page = client_for(company_a, manager_a).get(f"/sites/{site_a.pk}/board/?week=last-tuesday")
    assert page.status_code == 200
    monday = week_of(timezone.localdate())[0]
    assert f'name="week" value="{monday:%Y-%m-%d}"' in page.text
    assert re.findall(r'data-day="([\d-]+)"', page.text)[0] == monday.isoformat()


def test_a_gap_links_to_a_new_shift_filled_in_and_adding_it_fills_the_gap(
    client_for, company_a, manager_a, site_a, gate_a, week_without_tuesday_night, spare_guard
):
    client = client_for(company_a, manager_a)
    board = client.get(f"/sites/{site_a.pk}/board/?week={WEEK}", **EN)
    link = gap_link(board.text, "南门", "2026-12-01")
    form = client.get(link, **EN)
    assert form.status_code == 200
    prefilled = form_values(form.text)
    assert prefilled == {
        "gate": str(gate_a.pk),
        "person": "",
        "day": "2026-12-01",
        "start": "22:00",
        "end": "00:00",
        "note": "",
    }

    response = client.post(link, {**prefilled, "person": spare_guard.pk}, **EN)
    assert response.status_code == 302
    assert response["Location"] == f"/sites/{site_a.pk}/board/?week=2026-12-01"
    assert ("南门", "张保安", shanghai(2026, 12, 1, 22), shanghai(2026, 12, 2), False) in (
        roster_of(company_a)
    )
    board = client.get(response["Location"], **EN)
    assert "The roster is saved." in board.text
    assert blocks_on(board.text, "南门", "2026-12-01")[0] == ("shift", "王保安 00:00–06:00")
    assert ("shift", "张保安 22:00–00:00") in blocks_on(board.text, "南门", "2026-12-01")
    assert "gap" not in [kind for kind, _label in blocks_on(board.text, "南门", "2026-12-01")]
    # The gap link covered Tuesday's part of the night; Wednesday's early hours remain.
    assert "6 uncovered hours this week" in board.text


# Adding and changing shifts


def shift_form(gate, person, day="2026-12-01", start="22:00", end="06:00"):
    return {"gate": gate.pk, "person": person.pk, "day": day, "start": start, "end": end}


def test_a_shift_ending_at_or_before_its_start_ends_the_next_day(
    client_for, company_a, manager_a, site_a, gate_a, person_a
):
    client = client_for(company_a, manager_a)
    night = shift_form(gate_a, person_a, start="22:00", end="06:00")
    assert client.post(f"/sites/{site_a.pk}/shifts/new/", night).status_code == 302
    whole_day = shift_form(gate_a, person_a, day="2026-12-03", start="08:00", end="08:00")
    assert client.post(f"/sites/{site_a.pk}/shifts/new/", whole_day).status_code == 302
    assert [(start, end) for _g, _p, start, end, _a in roster_of(company_a)] == [
        (shanghai(2026, 12, 1, 22), shanghai(2026, 12, 2, 6)),
        (shanghai(2026, 12, 3, 8), shanghai(2026, 12, 4, 8)),
    ]


def test_a_shift_already_on_the_roster_is_refused_with_the_reason_and_nothing_is_added(
    client_for, company_a, manager_a, site_a, gate_a, person_a, shift_a
):
    form = {**shift_form(gate_a, person_a, end="07:00"), "note": "再排一次"}
    response = client_for(company_a, manager_a).post(f"/sites/{site_a.pk}/shifts/new/", form, **EN)
    assert response.status_code == 400
    with translation.override("en"):
        start = formats.date_format(timezone.localtime(shift_a.starts_at), "SHORT_DATETIME_FORMAT")
    assert f"李志愿 already has a shift at 南门 starting {start}." in response.text
    assert roster_of(company_a) == [
        ("南门", "李志愿", shanghai(2026, 12, 1, 22), shanghai(2026, 12, 2, 6), False)
    ]


def test_a_shift_at_a_time_that_does_not_exist_is_refused_and_nothing_is_added(
    client_for, company_a, manager_a, site_a, gate_a, person_a
):
    form = shift_form(gate_a, person_a, start="25:00")
    response = client_for(company_a, manager_a).post(f"/sites/{site_a.pk}/shifts/new/", form, **EN)
    assert response.status_code == 400
    assert "Enter a valid time." in response.text
    assert error_is_shown_on("start", response.text)
    assert shifts_of(company_a) == 0


def test_a_shift_cannot_be_put_at_a_gate_another_company_staffs(
    client_for, company_a, manager_a, site_a, person_a
):
    theirs = make_gate(company_a, site_a, name="西门", responsible=False)
    response = client_for(company_a, manager_a).post(
        f"/sites/{site_a.pk}/shifts/new/", shift_form(theirs, person_a), **EN
    )
    assert response.status_code == 400
    assert error_is_shown_on("gate", response.text)
    assert shifts_of(company_a) == 0


def test_the_edit_form_shows_a_shift_in_shanghai_time_and_saves_the_change(
    client_for, company_a, manager_a, site_a, gate_a, person_a, shift_a
):
    client = client_for(company_a, manager_a)
    form = form_values(client.get(f"/shifts/{shift_a.pk}/edit/", **EN).text)
    assert form == {
        "gate": str(gate_a.pk),
        "person": str(person_a.pk),
        "day": "2026-12-01",
        "start": "22:00",
        "end": "06:00",
        "note": "",
    }
    response = client.post(f"/shifts/{shift_a.pk}/edit/", {**form, "end": "07:00"}, **EN)
    assert response.status_code == 302
    assert roster_of(company_a) == [
        ("南门", "李志愿", shanghai(2026, 12, 1, 22), shanghai(2026, 12, 2, 7), False)
    ]


def test_a_shift_removed_from_the_roster_leaves_the_board(
    client_for, company_a, manager_a, site_a, shift_a
):
    client = client_for(company_a, manager_a)
    response = client.post(f"/shifts/{shift_a.pk}/delete/", **EN)
    assert response.status_code == 302
    assert response["Location"] == f"/sites/{site_a.pk}/board/?week=2026-12-01"
    assert roster_of(company_a) == []
    board = client.get(response["Location"], **EN)
    assert "The shift is removed from the roster." in board.text
    assert "shift" not in [kind for kind, _label in blocks_on(board.text)]


def test_someone_booked_at_two_gates_at_once_is_named_on_the_board(
    client_for, company_a, manager_a, site_a, gate_a, person_a, shift_a
):
    north = make_gate(company_a, site_a, name="北门")
    twice = make_shift(
        company_a, north, person_a, shanghai(2026, 12, 2, 2), shanghai(2026, 12, 2, 10)
    )
    board = client_for(company_a, manager_a).get(f"/sites/{site_a.pk}/board/?week={WEEK}", **EN)
    clashes = re.search(
        r'<section class="card warning" id="clashes">(.*?)</section>', board.text, re.S
    )
    assert clashes, "the clash is not shown"
    assert text_of(clashes[1]) == (
        "Booked twice 李志愿 is on two shifts at once, 12-02 02:00–06:00. Edit"
    )
    assert f'href="/shifts/{twice.pk}/edit/"' in clashes[1]


def test_someone_absent_is_struck_on_the_board_next_to_who_covers_them(
    client_for, company_a, manager_a, site_a, week_without_tuesday_night, shift_a, spare_guard
):
    client = client_for(company_a, manager_a)
    response = client.post(
        f"/shifts/{shift_a.pk}/absent/", {"cover": spare_guard.pk, "note": "生病"}, **EN
    )
    assert response.status_code == 302
    assert response["Location"] == f"/sites/{site_a.pk}/board/?week=2026-12-01"
    board = client.get(response["Location"], **EN)
    assert 'class="shift absent"' in board.text
    for day, hours in (("2026-12-01", "22:00–00:00"), ("2026-12-02", "00:00–06:00")):
        drawn = blocks_on(board.text, "南门", day)
        assert ("absent", f"李志愿 {hours}") in drawn
        assert ("shift", f"张保安 {hours}") in drawn
    assert "Every open gate is covered all week." in board.text
    tuesday_night = [shift for shift in roster_of(company_a) if shift[2] == shift_a.starts_at]
    assert sorted(tuesday_night, key=lambda shift: shift[1]) == [
        ("南门", "张保安", shanghai(2026, 12, 1, 22), shanghai(2026, 12, 2, 6), False),
        ("南门", "李志愿", shanghai(2026, 12, 1, 22), shanghai(2026, 12, 2, 6), True),
    ]
    edit = client.get(f"/shifts/{shift_a.pk}/edit/", **EN)
    assert "This shift is marked absent. Covered by 张保安." in edit.text


def test_someone_absent_without_cover_leaves_a_gap_on_the_board(
    client_for, company_a, manager_a, site_a, week_without_tuesday_night, shift_a
):
    client = client_for(company_a, manager_a)
    before = client.get(f"/sites/{site_a.pk}/board/?week={WEEK}", **EN)
    assert "Every open gate is covered all week." in before.text
    assert client.post(f"/shifts/{shift_a.pk}/absent/", {"cover": ""}).status_code == 302
    board = client.get(f"/sites/{site_a.pk}/board/?week={WEEK}", **EN)
    assert blocks_on(board.text, "南门", "2026-12-01") == [
        ("gap", "Gap 22:00–00:00: 1 missing"),
        ("shift", "王保安 00:00–06:00"),
        ("shift", "李志愿 06:00–22:00"),
        ("absent", "李志愿 22:00–00:00"),
    ]
    assert "8 uncovered hours this week" in board.text


def test_two_people_swap_their_shifts_from_the_board(
    client_for, company_a, manager_a, site_a, gate_a, shift_a, night_guard
):
    theirs = make_shift(
        company_a, gate_a, night_guard, shanghai(2026, 12, 2, 22), shanghai(2026, 12, 3, 6)
    )
    client = client_for(company_a, manager_a)
    form = client.get(f"/shifts/{shift_a.pk}/swap/", **EN)
    assert f'<option value="{theirs.pk}">' in form.text
    response = client.post(f"/shifts/{shift_a.pk}/swap/", {"other": theirs.pk}, **EN)
    assert response.status_code == 302
    assert roster_of(company_a) == [
        ("南门", "王保安", shanghai(2026, 12, 1, 22), shanghai(2026, 12, 2, 6), False),
        ("南门", "李志愿", shanghai(2026, 12, 2, 22), shanghai(2026, 12, 3, 6), False),
    ]
    board = client.get(f"/sites/{site_a.pk}/board/?week={WEEK}", **EN)
    assert ("shift", "王保安 22:00–00:00") in blocks_on(board.text, "南门", "2026-12-01")
    assert ("shift", "李志愿 22:00–00:00") in blocks_on(board.text, "南门", "2026-12-02")
