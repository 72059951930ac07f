"""Importing a roster from a spreadsheet: every row checked first, then all shifts or none.

A bad row is named by its spreadsheet row number with every reason, in the reader's language;
importing the same file again changes nothing.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django_tenants.utils import schema_context

from tenants.rosters.importing import RowError, import_shifts, read_rows
from tenants.rosters.services.people import update_duty_person
from tests.conftest import make_gate, make_person, make_site, shanghai
from tests.rosters.roster_helpers import csv_upload, roster_of, xlsx_upload
from tests.sites.site_helpers import in_language

pytestmark = pytest.mark.usefixtures("english")

NIGHT = ("南门", "李志愿", "2026-12-01", "22:00", "06:00")
MORNING = ("东门", "王保安", "2026-12-02", "06:00", "14:00")
DAY_LONG = ("南门", "王保安", "2026-12-02", "08:00", "08:00")  # 24 hours


@pytest.fixture
def roster_site(company_a, site_a, gate_a, person_a):
    """Alpha's compound with a south and an east gate, and two people on duty."""
    make_gate(company_a, site_a, name="东门")
    make_person(company_a, name="王保安")
    return site_a


def run_import(company, site, upload, by=None):
    with schema_context(company.schema_name):
        return import_shifts(site, read_rows(upload), by=by)


def unreadable(upload) -> list[str]:
    with pytest.raises(ValidationError) as refused:
        read_rows(upload)
    return refused.value.messages


EXPECTED = [
    ("南门", "李志愿", shanghai(2026, 12, 1, 22), shanghai(2026, 12, 2, 6), False),
    ("东门", "王保安", shanghai(2026, 12, 2, 6), shanghai(2026, 12, 2, 14), False),
    ("南门", "王保安", shanghai(2026, 12, 2, 8), shanghai(2026, 12, 3, 8), False),
]


# Files that import


def test_a_valid_excel_file_creates_every_shift(company_a, roster_site, manager_a):
    upload = xlsx_upload(
        [
            # Real date and time cells, as Excel keeps what people type into it.
            ["南门", "李志愿", datetime.date(2026, 12, 1), datetime.time(22), datetime.time(6)],
            [" 东门 ", "王保安", datetime.datetime(2026, 12, 2), "06:00", "14:00:00"],
            DAY_LONG,
        ]
    )
    result = run_import(company_a, roster_site, upload, by=manager_a)
    assert (result.created, result.already_there, result.errors) == (3, 0, [])
    assert roster_of(company_a) == EXPECTED


def test_a_valid_csv_file_creates_every_shift(company_a, roster_site):
    result = run_import(
        company_a, roster_site, csv_upload([NIGHT, MORNING, DAY_LONG], encoding="utf-8-sig")
    )
    assert (result.created, result.errors) == (3, [])
    assert roster_of(company_a) == EXPECTED


def test_a_csv_saved_by_excel_on_chinese_windows_creates_every_shift(company_a, roster_site):
    # Excel on a Chinese Windows writes GB18030 text and dates as it shows them: 2026/12/1.
    rows = [
        ["南门", "李志愿", "2026/12/1", "22:00", "6:00"],
        ["东门", "王保安", "2026/12/2", "6:00", "14:00"],
        ["南门", "王保安", "2026/12/2", "8:00", "8:00"],
    ]
    result = run_import(company_a, roster_site, csv_upload(rows, encoding="gb18030"))
    assert (result.created, result.errors) == (3, [])
    assert roster_of(company_a) == EXPECTED


def test_importing_the_same_file_again_creates_nothing_new(company_a, roster_site):
    upload = csv_upload([NIGHT, MORNING, DAY_LONG])
    first = run_import(company_a, roster_site, upload)
    upload.seek(0)
    again = run_import(company_a, roster_site, upload)
    assert (first.created, first.already_there) == (3, 0)
    assert (again.created, again.already_there, again.errors) == (0, 3, [])
    assert roster_of(company_a) == EXPECTED


def test_a_file_with_some_shifts_already_on_the_roster_adds_only_the_others(
    company_a, roster_site, shift_a
):
    result = run_import(company_a, roster_site, csv_upload([NIGHT, MORNING]))
    assert (result.created, result.already_there) == (1, 1)
    assert roster_of(company_a) == EXPECTED[:2]


# Files that import nothing


def test_one_bad_row_imports_nothing_and_is_named_with_its_reason(company_a, roster_site):
    rows = [NIGHT, MORNING, ("西门", "李志愿", "2026-12-03", "06:00", "14:00"), DAY_LONG]
    result = run_import(company_a, roster_site, xlsx_upload(rows))
    assert result.created == 0
    assert result.errors == [RowError(4, ["There is no gate “西门” at this site."])]
    assert roster_of(company_a) == []


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_reasons_are_given_in_the_readers_language(company_a, roster_site, language):
    rows = [("南门", "李四", "2026-12-32", "6点", "14:00"), NIGHT]
    with translation.override(language):
        result = run_import(company_a, roster_site, csv_upload(rows))
    assert result.errors == [
        RowError(
            2,
            [
                in_language(
                    language, "“%(name)s” is not on the list of people on duty.", name="李四"
                ),
                in_language(
                    language, "“%(value)s” is not a date such as 2026-03-01.", value="2026-12-32"
                ),
                in_language(
                    language, "“%(value)s” is not a time of day such as 06:30.", value="6点"
                ),
            ],
        )
    ]
    assert roster_of(company_a) == []


@pytest.mark.parametrize(
    ("row", "message"),
    [
        pytest.param(
            ("北门", "李志愿", "2026-12-03", "06:00", "14:00"),
            "There is no gate “北门” at this site.",
            id="unknown gate",
        ),
        pytest.param(
            ("南门", "张三", "2026-12-03", "06:00", "14:00"),
            "“张三” is not on the list of people on duty.",
            id="unknown person",
        ),
        pytest.param(
            ("南门", "李志愿", "12/03/2026", "06:00", "14:00"),
            "“12/03/2026” is not a date such as 2026-03-01.",
            id="bad date",
        ),
        pytest.param(
            ("南门", "李志愿", "2026-12-03", "6:60", "14:00"),
            "“6:60” is not a time of day such as 06:30.",
            id="bad time",
        ),
        pytest.param(
            ("南门", "李志愿", "2026-12-03", "06:00", "24:00"),
            "“24:00” is not a time of day such as 06:30.",
            id="24:00",
        ),
        pytest.param(
            ("南门", "李志愿", "2026-12-03", "06:00", ""),
            "“” is not a time of day such as 06:30.",
            id="missing end",
        ),
    ],
)
def test_a_row_that_is_not_a_shift_is_named_and_nothing_is_imported(
    company_a, roster_site, row, message
):
    result = run_import(company_a, roster_site, csv_upload([NIGHT, row]))
    assert (result.created, result.errors) == (0, [RowError(3, [message])])
    assert roster_of(company_a) == []


def test_a_row_repeating_another_row_of_the_file_is_named(company_a, roster_site):
    night_again = ("南门", "李志愿", "2026/12/01", "22:00", "05:00")
    result = run_import(company_a, roster_site, csv_upload([NIGHT, MORNING, night_again]))
    assert result.errors == [RowError(4, ["This shift repeats row 2."])]
    assert roster_of(company_a) == []


def test_a_row_changing_the_end_of_a_shift_on_the_roster_is_named(company_a, roster_site, shift_a):
    longer_night = ("南门", "李志愿", "2026-12-01", "22:00", "08:00")
    result = run_import(company_a, roster_site, csv_upload([MORNING, longer_night]))
    assert result.errors == [RowError(3, ["李志愿 already has a shift at 南门 at that start."])]
    assert (result.created, result.already_there) == (0, 0)
    assert roster_of(company_a) == [
        ("南门", "李志愿", shanghai(2026, 12, 1, 22), shanghai(2026, 12, 2, 6), False)
    ]


def test_gates_another_company_staffs_and_people_off_duty_are_refused(
    company_a, roster_site, person_a
):
    make_gate(company_a, roster_site, name="共用北门", responsible=False)
    with schema_context(company_a.schema_name):
        update_duty_person(person_a, by=None, company=company_a, active=False)
    result = run_import(
        company_a, roster_site, csv_upload([("共用北门", "李志愿", "2026-12-03", "06:00", "14:00")])
    )
    assert result.errors == [
        RowError(
            2,
            [
                "Another company staffs the gate “共用北门”.",
                "“李志愿” is not on the list of people on duty.",
            ],
        )
    ]


def test_gates_of_the_companys_other_sites_are_not_this_sites(company_a, roster_site):
    elsewhere = make_site(company_a, name="虹桥花园")
    make_gate(company_a, elsewhere, name="虹桥东门")
    row = ("虹桥东门", "李志愿", "2026-12-03", "06:00", "14:00")
    result = run_import(company_a, roster_site, csv_upload([row]))
    assert result.errors == [RowError(2, ["There is no gate “虹桥东门” at this site."])]


def test_blank_rows_are_skipped_and_rows_keep_their_spreadsheet_numbers(company_a, roster_site):
    rows = [
        NIGHT,
        [None] * 5,
        ["", " ", "", "", ""],
        ("南门", "王五", "2026-12-03", "06:00", "14:00"),
    ]
    result = run_import(company_a, roster_site, xlsx_upload(rows))
    assert result.errors == [RowError(5, ["“王五” is not on the list of people on duty."])]


# Files that cannot be read


def test_a_file_that_is_not_a_spreadsheet_is_refused():
    upload = SimpleUploadedFile("排班表.pdf", b"%PDF-1.7")
    assert unreadable(upload) == ["Upload an Excel (.xlsx) or CSV (.csv) file."]


def test_a_damaged_excel_file_is_refused():
    upload = SimpleUploadedFile("排班表.xlsx", "南门,李志愿".encode())
    assert unreadable(upload) == ["This is not a readable Excel (.xlsx) file."]


@pytest.mark.parametrize(
    "upload",
    [
        pytest.param(SimpleUploadedFile("排班表.csv", b""), id="empty csv"),
        pytest.param(csv_upload([]), id="header only"),
        pytest.param(xlsx_upload([["", "", "", "", ""]]), id="blank rows only"),
    ],
)
def test_a_file_without_shifts_is_refused(upload):
    assert unreadable(upload) == ["The file has no shifts below its header row."]


def test_a_file_over_two_megabytes_is_refused():
    upload = SimpleUploadedFile("排班表.csv", b"a" * (2 * 1024 * 1024 + 1))
    assert unreadable(upload) == ["The file is larger than 2 MB."]


# Two companies


def test_an_import_never_uses_another_companys_gates_or_people(
    company_a, company_b, roster_site, shift_b
):
    beta_before = roster_of(company_b)
    row = ("北门", "朴志愿", "2026-12-05", "06:00", "14:00")
    result = run_import(company_a, roster_site, csv_upload([NIGHT, row]))
    assert result.errors == [
        RowError(
            3,
            [
                "There is no gate “北门” at this site.",
                "“朴志愿” is not on the list of people on duty.",
            ],
        )
    ]
    assert roster_of(company_a) == []
    assert roster_of(company_b) == beta_before


def test_an_import_leaves_the_other_companys_roster_as_it_was(
    company_a, company_b, roster_site, shift_b
):
    # Beta's night shift starts when alpha's first row does, at a gate with alpha's gate's id.
    beta_before = roster_of(company_b)
    result = run_import(company_a, roster_site, csv_upload([NIGHT, MORNING, DAY_LONG]))
    assert (result.created, result.already_there) == (3, 0)
    assert roster_of(company_a) == EXPECTED
    assert roster_of(company_b) == beta_before
