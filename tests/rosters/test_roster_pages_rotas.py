"""Rotas, roster imports and the people on duty, in the portal.

A rota is typed with people one per line and generates its shifts once; an imported file
creates every shift or, with one bad row, names it and imports nothing; the people page lists
everyone on duty, with numbers masked for viewers.
"""

import datetime
import io
import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context

from accounts.roles import Role
from tenants.rosters.models import DutyPerson, Rota
from tests.conftest import make_person, shanghai
from tests.rosters.roster_helpers import roster_of, xlsx_upload
from tests.rosters.roster_page_helpers import EN, XLSX, blocks_on, shifts_of, text_of
from tests.sites.site_helpers import error_is_shown_on

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
