"""The roster pages of the portal: the coverage board, shifts, rotas, imports and people,
the guard's "my shifts" on the phone, and the gap alerts on the home page.

The board's week is the one of 1 December 2026 (Monday 30 November to Sunday 6 December);
"my shifts" and the alerts read the clock, so their shifts are placed around now.
"""

import datetime
import io
import re
from html import unescape
from html.parser import HTMLParser

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import formats, timezone, translation
from django_tenants.utils import schema_context

from accounts.roles import Role
from tenants.rosters.models import DutyPerson, Rota, Shift
from tenants.rosters.services.alerts import refresh_gap_alerts
from tenants.rosters.services.people import create_duty_person
from tenants.rosters.times import week_of
from tests.conftest import make_gate, make_person, make_shift, make_site, shanghai
from tests.roster_helpers import HOUR, roster_of, staff, xlsx_upload
from tests.site_helpers import assign, error_is_shown_on

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
WEEK = "2026-12-01"
MONDAY = datetime.date(2026, 11, 30)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
VOID = {"input", "br", "img", "meta", "link", "hr", "col", "source"}


class BoardReader(HTMLParser):
    """What the board draws: each shift or gap block with its gate, day, label and link."""

    def __init__(self):
        super().__init__()
        self.open: list[dict] = []
        self.blocks: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        block = None
        if classes[:1] in (["shift"], ["gap"]):
            block = {
                "gate": self.inherited("data-gate"),
                "day": self.inherited("data-day"),
                "kind": classes[0],
                "absent": "absent" in classes,
                "href": unescape(attrs.get("href") or ""),
                "text": "",
            }
            self.blocks.append(block)
        if tag not in VOID:
            self.open.append({"tag": tag, "attrs": attrs, "block": block})

    def handle_endtag(self, tag):
        while self.open:
            if self.open.pop()["tag"] == tag:
                break

    def handle_data(self, data):
        for element in reversed(self.open):
            if element["block"] is not None:
                element["block"]["text"] += data
                break

    def inherited(self, name):
        return next((e["attrs"][name] for e in reversed(self.open) if name in e["attrs"]), None)


def blocks_on(page: str, gate: str | None = None, day: str | None = None) -> list[tuple]:
    """The board's blocks as a manager reads them: (kind, label) in the order drawn."""
    reader = BoardReader()
    reader.feed(page)
    return [
        ("absent" if block["absent"] else block["kind"], " ".join(block["text"].split()))
        for block in reader.blocks
        if (gate is None or block["gate"] == gate) and (day is None or block["day"] == day)
    ]


def gap_link(page: str, gate: str, day: str) -> str:
    reader = BoardReader()
    reader.feed(page)
    [link] = [
        b["href"]
        for b in reader.blocks
        if b["kind"] == "gap" and (b["gate"], b["day"]) == (gate, day)
    ]
    return link


class FormReader(HTMLParser):
    """The values a browser would send for a form's fields as the page fills them in."""

    def __init__(self):
        super().__init__()
        self.values: dict[str, str] = {}
        self.select = self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("name") and attrs.get("type") != "submit":
            if attrs.get("type") not in ("checkbox", "radio") or "checked" in attrs:
                self.values[attrs["name"]] = attrs.get("value") or ""
        elif tag == "select":
            self.select = attrs["name"]
            self.values.setdefault(self.select, "")
        elif tag == "option" and self.select and "selected" in attrs:
            self.values[self.select] = attrs.get("value") or ""
        elif tag == "textarea":
            self.textarea = attrs["name"]
            self.values[self.textarea] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.values[self.textarea] += data


def form_values(page: str) -> dict[str, str]:
    """The fields of the page's main form (not, say, the language switcher's)."""
    form = re.search(r'<form method="post" novalidate.*?</form>', page, re.S)
    assert form, "the page has no form"
    reader = FormReader()
    reader.feed(form[0])
    reader.values.pop("csrfmiddlewaretoken", None)
    return reader.values


def text_of(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def shifts_of(company) -> int:
    with schema_context(company.schema_name):
        return Shift.objects.count()


def local(moment: datetime.datetime, pattern: str) -> str:
    return timezone.localtime(moment).strftime(pattern)


# The coverage board


@pytest.fixture
def night_guard(company_a):
    return make_person(company_a, name="王保安")


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


# Rotas


def rota_form(gate, **changes):
    return {
        "name": "两班倒",
        "gates": [gate.pk],
        "slots": "08:00-20:00, 20:00-08:00",
        "people": "李志愿\n 王保安 \n",
        "starts_on": "2026-12-01",
        **changes,
    }


def test_a_rota_is_added_with_people_typed_one_per_line(
    client_for, company_a, manager_a, site_a, gate_a, person_a, night_guard
):
    client = client_for(company_a, manager_a)
    response = client.post(f"/sites/{site_a.pk}/rotas/new/", rota_form(gate_a), **EN)
    assert response.status_code == 302
    assert response["Location"] == f"/sites/{site_a.pk}/rotas/"
    page = text_of(client.get(response["Location"], **EN).text)
    assert "Saved “两班倒”. Generate its shifts for the days you need." in page
    assert "Gates: 南门" in page
    assert "Shifts of a day: 08:00–20:00, 20:00–08:00" in page
    assert "People, in rotation order: 李志愿 → 王保安" in page
    assert "From 2026-12-01" in page


def test_a_rota_keeps_the_shifts_of_a_day_as_people_type_them(
    client_for, company_a, manager_a, site_a, gate_a, person_a, night_guard
):
    form = rota_form(gate_a, slots="08:00 - 20:00，20:00 - 08:00 2", people="李志愿\n王保安")
    response = client_for(company_a, manager_a).post(f"/sites/{site_a.pk}/rotas/new/", form, **EN)
    assert response.status_code == 302
    with schema_context(company_a.schema_name):
        assert Rota.objects.get().slots == [["08:00", "20:00", 1], ["20:00", "08:00", 2]]


def test_a_rota_naming_someone_not_on_duty_is_refused_and_not_added(
    client_for, company_a, manager_a, site_a, gate_a, person_a
):
    form = rota_form(gate_a, people="李志愿\n无名氏")
    response = client_for(company_a, manager_a).post(f"/sites/{site_a.pk}/rotas/new/", form, **EN)
    assert response.status_code == 400
    assert "Not on the list of people on duty: 无名氏" in response.text
    assert error_is_shown_on("people", response.text)
    with schema_context(company_a.schema_name):
        assert not Rota.objects.exists()


def test_generating_a_rota_twice_says_the_second_time_that_nothing_was_new(
    client_for, company_a, manager_a, site_a, rota_a
):
    client = client_for(company_a, manager_a)
    days = {"first": "2026-12-01", "last": "2026-12-03"}
    first = client.post(f"/rotas/{rota_a.pk}/generate/", days, follow=True, **EN)
    assert first.redirect_chain == [(f"/sites/{site_a.pk}/rotas/", 302)]
    assert "9 new shifts are on the roster." in first.text
    assert shifts_of(company_a) == 9

    again = client.post(f"/rotas/{rota_a.pk}/generate/", days, follow=True, **EN)
    assert "Every shift of these days was already on the roster." in again.text
    assert "new shifts are on the roster" not in again.text
    assert shifts_of(company_a) == 9


def test_generating_before_the_rota_starts_is_refused(client_for, company_a, manager_a, rota_a):
    days = {"first": "2026-11-30", "last": "2026-12-03"}
    response = client_for(company_a, manager_a).post(f"/rotas/{rota_a.pk}/generate/", days, **EN)
    assert response.status_code == 400
    assert error_is_shown_on("first", response.text)
    assert shifts_of(company_a) == 0


# Importing a roster


@pytest.fixture
def import_people(company_a, gate_a, person_a, night_guard):
    """The south gate, and 李志愿 and 王保安 on the list of people on duty."""


def test_importing_a_valid_file_creates_every_shift_and_opens_the_board_at_the_first(
    client_for, company_a, manager_a, site_a, import_people
):
    upload = xlsx_upload(
        [
            ["南门", "王保安", "2026-12-09", "22:00", "06:00"],
            ["南门", "李志愿", datetime.date(2026, 12, 8), "08:00", "20:00"],
        ]
    )
    client = client_for(company_a, manager_a)
    response = client.post(f"/sites/{site_a.pk}/roster-import/", {"file": upload}, **EN)
    assert response.status_code == 302
    assert response["Location"] == f"/sites/{site_a.pk}/board/?week=2026-12-08"
    assert roster_of(company_a) == [
        ("南门", "李志愿", shanghai(2026, 12, 8, 8), shanghai(2026, 12, 8, 20), False),
        ("南门", "王保安", shanghai(2026, 12, 9, 22), shanghai(2026, 12, 10, 6), False),
    ]
    board = client.get(response["Location"], **EN)
    assert "2 shifts imported; 0 were already on the roster." in board.text
    assert blocks_on(board.text, "南门", "2026-12-08")[-1] == ("shift", "李志愿 08:00–20:00")


def test_a_file_with_one_bad_row_names_the_row_and_its_reason_and_imports_nothing(
    client_for, company_a, manager_a, site_a, import_people
):
    upload = xlsx_upload(
        [
            ["南门", "李志愿", "2026-12-08", "08:00", "20:00"],
            ["南门", "无名氏", "2026-12-08", "20:00", "08:00"],
            ["南门", "王保安", "2026-12-09", "08:00", "20:00"],
        ]
    )
    client = client_for(company_a, manager_a)
    response = client.post(f"/sites/{site_a.pk}/roster-import/", {"file": upload}, **EN)
    assert response.status_code == 400
    errors = re.search(
        r'<div class="errors" role="alert" id="row-errors">(.*?)</div>', response.text, re.S
    )
    assert errors, "the rows to correct are not listed"
    assert text_of(errors[1]) == (
        "Nothing was imported: 1 row needs correcting. Row What is wrong "
        "3 “无名氏” is not on the list of people on duty."
    )
    assert roster_of(company_a) == []


def test_a_file_that_is_not_a_spreadsheet_is_refused_on_the_page(
    client_for, company_a, manager_a, site_a, import_people
):
    upload = SimpleUploadedFile("排班表.docx", b"not a roster")
    response = client_for(company_a, manager_a).post(
        f"/sites/{site_a.pk}/roster-import/", {"file": upload}, **EN
    )
    assert response.status_code == 400
    assert "Upload an Excel (.xlsx) or CSV (.csv) file." in response.text
    assert error_is_shown_on("file", response.text)


def test_the_template_is_an_excel_file_with_the_five_columns_and_an_example(
    client_for, company_a, manager_a, site_a, import_people
):
    response = client_for(company_a, manager_a).get(
        f"/sites/{site_a.pk}/roster-import/template.xlsx", **EN
    )
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert "roster-template.xlsx" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("gate", "person", "date", "start", "end")
    assert rows[1:] == [("南门", "李志愿", "2026-03-01", "22:00", "06:00")]


def test_the_template_filled_in_imports_as_it_is(
    client_for, company_a, manager_a, site_a, import_people
):
    client = client_for(company_a, manager_a)
    template = client.get(f"/sites/{site_a.pk}/roster-import/template.xlsx")
    upload = SimpleUploadedFile("roster-template.xlsx", template.content)
    response = client.post(f"/sites/{site_a.pk}/roster-import/", {"file": upload})
    assert response.status_code == 302
    assert roster_of(company_a) == [
        ("南门", "李志愿", shanghai(2026, 3, 1, 22), shanghai(2026, 3, 2, 6), False)
    ]


# People on duty


def test_the_people_page_lists_everyone_on_duty(client_for, company_a, manager_a, person_a):
    make_person(company_a, name="王保安", kind="paid_guard", phone="13916000001", active=False)
    page = client_for(company_a, manager_a).get("/people/", **EN)
    assert page.status_code == 200
    rows = [text_of(row) for row in re.findall(r"<tr[^>]*>(.*?)</tr>", page.text, re.S)[1:]]
    assert rows == [
        "李志愿 Volunteer Edit",
        "王保安 (inactive) Paid extra guard 13916000001 Edit",
    ]


def test_a_viewer_sees_phone_numbers_masked_on_the_people_page(client_for, company_a, make_member):
    make_person(company_a, name="王保安", kind="paid_guard", phone="13916000001")
    viewer = make_member(company_a, Role.VIEWER)
    page = client_for(company_a, viewer).get("/people/", **EN)
    assert page.status_code == 200
    assert "139****0001" in page.text
    assert "13916000001" not in page.text


def test_a_volunteer_with_a_phone_number_that_cannot_be_dialled_is_refused(
    client_for, company_a, manager_a
):
    form = {"kind": "volunteer", "name": "钱志愿", "phone": "12345", "active": "on"}
    response = client_for(company_a, manager_a).post("/people/new/", form, **EN)
    assert response.status_code == 400
    assert "“12345” is not a valid phone number." in response.text
    assert error_is_shown_on("phone", response.text)
    with schema_context(company_a.schema_name):
        assert not DutyPerson.objects.exists()


def test_a_volunteer_is_added_with_their_mobile_number(client_for, company_a, manager_a):
    form = {"kind": "volunteer", "name": "钱志愿", "phone": "139 1600 0002", "active": "on"}
    client = client_for(company_a, manager_a)
    response = client.post("/people/new/", form, **EN)
    assert response.status_code == 302
    assert response["Location"] == "/people/"
    page = client.get("/people/", **EN)
    assert "Saved “钱志愿”." in page.text
    assert "13916000002" in page.text


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
