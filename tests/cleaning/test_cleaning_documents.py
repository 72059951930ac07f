"""Cleaning on paper: the standard form 小区消毒清洁记录表 (PDF and XLSX), an area's 公示 sheet
and a site's QR labels, fetched from the portal the way a manager downloads them.

PDFs are read the way a person or a phone reads them (the helpers of the notice posters'
tests): text through pdftotext, QR codes through a camera-grade decoder. The form's day lies
in the past, so every slot on it is over whatever the hour the tests run at.
"""

import datetime
import io
import logging
import shutil
import subprocess
import uuid

import openpyxl
import pypdf
import pytest
import zxingcpp
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django_tenants.utils import tenant_context
from PIL import Image

from tenants.cleaning.documents.rows import MAX_FORM_DAYS, form_rows
from tenants.cleaning.models import FrequencyChoice, TaskKind
from tenants.cleaning.services.logs import LogIn, correct_log
from tenants.sites.models import FacilityKind
from tests.cleaning.cleaning_fixtures import make_area, make_log, make_task
from tests.conftest import host_of, make_site, shanghai
from tests.notices.test_notice_posters import A4, MISSING_GLYPH, font_names, squeezed, text_of

PDFTOTEXT = shutil.which("pdftotext") or "/usr/bin/pdftotext"
PDFTOPPM = shutil.which("pdftoppm") or "/usr/bin/pdftoppm"
DAY = datetime.date(2026, 11, 18)
NOTE = "楼梯扶手重点消毒"
# A note typed like a formula must stay text in a spreadsheet.
FORMULA_NOTE = '=HYPERLINK("http://example.com","x")'


def in_language(language: str, msgid: str) -> str:
    with translation.override(language):
        return translation.gettext(msgid)


def form_lines(pdf: bytes) -> list[str]:
    """The form's rows as read off the sheet: each starts with its date; the lines a wrapped
    cell adds are joined to it, spaces dropped."""
    done = subprocess.run(
        [PDFTOTEXT, "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    )
    rows = []
    for line in done.stdout.decode().splitlines():
        if line[:4].isdigit() and line[4:5] == "-":
            rows.append("")
        if rows and line.strip():
            rows[-1] += squeezed(line)
    return rows


def pages_of(pdf: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(pdf)).pages)


def all_qr_codes(pdf: bytes, folder) -> list[str]:
    """What a phone reads from every QR code on every page, printed at 150 dpi."""
    (folder / "sheet.pdf").write_bytes(pdf)
    subprocess.run([PDFTOPPM, "-r", "150", "-png", "sheet.pdf", "page"], cwd=folder, check=True)
    codes = []
    for picture in sorted(folder.glob("page*.png")):
        codes += [code.text for code in zxingcpp.read_barcodes(Image.open(picture))]
    return codes


@pytest.fixture
def production_addresses(settings):
    # Portal addresses as production writes them: https, no port.
    settings.PORTAL_SCHEME = "https"
    settings.PORTAL_PORT = ""


@pytest.fixture
def fetch(client_for, company_a, manager_a, caplog):
    """fetch(url, user=manager_a): the response, and the missing-glyph warnings drawing it."""

    def get(url, user=None):
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="weasyprint"):
            response = client_for(company_a, user or manager_a).get(url)
        warnings = [r.getMessage() for r in caplog.records if MISSING_GLYPH in r.getMessage()]
        return response, warnings

    return get


@pytest.fixture
def stairwell(company_a, site_a):
    area = make_area(company_a, site_a)
    task = make_task(company_a, area, valid_from=shanghai(2026, 11, 1))
    return area, task


@pytest.fixture
def worked_day(company_a, stairwell, cleaner_a):
    """DAY: 08:00 done at 08:05 with a note; 14:00 missed; 20:05 written three hours later."""
    area, task = stairwell
    make_log(company_a, area, task=task, by=cleaner_a, done_at=shanghai(2026, 11, 18, 8, 5),
             now=shanghai(2026, 11, 18, 8, 10), note=NOTE)  # fmt: skip
    late = make_log(company_a, area, task=task, by=cleaner_a,
                    done_at=shanghai(2026, 11, 18, 20, 5), now=shanghai(2026, 11, 18, 23, 5))  # fmt: skip
    assert late.recorded_late
    return area


def form_url(site, kind="pdf", **query) -> str:
    query = {"site": site.pk, "day": DAY.isoformat(), **query}
    return f"/cleaning/form.{kind}?" + "&".join(f"{key}={value}" for key, value in query.items())


# The standard form, PDF.


def test_the_english_form_lists_the_work_done_the_slot_missed_and_the_log_recorded_late(
    fetch, site_a, worked_day, cleaner_a
):
    response, warnings = fetch(form_url(site_a, lang="en"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert warnings == []
    text = text_of(response.content)
    assert "Disinfectionandcleaningrecord" in text
    assert "天山天义小区" in text and "2026-11-18" in text
    morning, afternoon, evening = form_lines(response.content)
    # A cell too narrow for its words wraps: its words are checked, not the whole phrase.
    for expected in ("2026-11-18", "08:05", "3号楼楼道", "Disinfect", "含氯消毒液500mg/L",
                     "Spraying", "wiping", squeezed(cleaner_a.full_name), NOTE):  # fmt: skip
        assert expected in morning
    assert "Recorded" not in morning and "Missed" not in morning
    assert afternoon.startswith("2026-11-1814:00") and "Missed" in afternoon
    assert squeezed(cleaner_a.full_name) not in afternoon
    assert evening.startswith("2026-11-1820:05") and "Recorded" in evening and "late" in evening


def test_the_form_is_in_the_companys_language_unless_another_is_chosen(
    fetch, company_a, site_a, worked_day
):
    assert company_a.language == "zh-hans"
    response, warnings = fetch(form_url(site_a))

    assert response.status_code == 200
    assert warnings == []
    text = text_of(response.content)
    assert squeezed(in_language("zh-hans", "Disinfection and cleaning record")) in text
    assert squeezed(in_language("zh-hans", "Recorded late")) in text
    assert "3号楼楼道" in text and NOTE in text
    assert "CJK-SC" in " ".join(font_names(response.content))
    pages = pypdf.PdfReader(io.BytesIO(response.content)).pages
    # A4 landscape.
    size = (float(pages[0].mediabox.width), float(pages[0].mediabox.height))
    assert size == pytest.approx(A4[::-1], abs=1)


def test_a_company_reporting_in_english_gets_the_form_in_english(
    fetch, company_a, site_a, worked_day
):
    company_a.language = "en"
    company_a.save()
    response, warnings = fetch(form_url(site_a))
    assert warnings == []
    assert "Disinfectionandcleaningrecord" in text_of(response.content)
    assert "Recorded" in form_lines(response.content)[-1]


@pytest.mark.parametrize("language", ["ja", "ko"])
def test_the_form_draws_every_character_in_japanese_and_korean(fetch, site_a, worked_day, language):
    response, warnings = fetch(form_url(site_a, lang=language))
    assert response.status_code == 200
    assert warnings == []
    assert squeezed(in_language(language, "Date")) in text_of(response.content)


def test_a_week_covers_monday_to_sunday_and_many_rows_flow_onto_more_pages(
    fetch, company_a, site_a, stairwell
):
    area, task = stairwell
    # 2026-W47 is 16 to 22 November; 30 areas, each with 21 missed slots that week.
    for number in range(30):
        make_task(company_a, make_area(company_a, site_a, name=f"{number}号楼 电梯"),
                  valid_from=shanghai(2026, 11, 1))  # fmt: skip
    response, warnings = fetch(f"/cleaning/form.pdf?site={site_a.pk}&week=2026-W47&lang=en")

    assert response.status_code == 200 and warnings == []
    rows = form_lines(response.content)
    assert len(rows) == 31 * 21
    assert rows[0].startswith("2026-11-16") and rows[-1].startswith("2026-11-22")
    assert pages_of(response.content) > 1
    assert "2026-11-16–2026-11-22" in text_of(response.content)


# The standard form, XLSX.


def test_the_xlsx_form_reads_back_with_a_title_a_header_and_the_rows(
    client_for, company_a, manager_a, site_a, worked_day, cleaner_a
):
    response = client_for(company_a, manager_a).get(form_url(site_a, kind="xlsx", lang="en"))

    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"]
    assert 'attachment; filename="cleaning-form-' in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[cell or "" for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert "天山天义小区" in rows[0][0] and "2026-11-18" in rows[0][0]
    assert rows[0][0].startswith("Disinfection and cleaning record")
    assert rows[1] == ["Date", "Time", "Area", "Task", "Agent and concentration", "Method",
                       "Operator", "Acceptor (signature)", "Note", "Late or missed"]  # fmt: skip
    assert rows[2:] == [
        ["2026-11-18", "08:05", "3号楼 楼道", "Disinfect", "含氯消毒液 500 mg/L",
         "Spraying and wiping", cleaner_a.full_name, "", NOTE, ""],
        ["2026-11-18", "14:00", "3号楼 楼道", "Disinfect", "", "Spraying and wiping", "", "",
         "", "Missed"],
        ["2026-11-18", "20:05", "3号楼 楼道", "Disinfect", "含氯消毒液 500 mg/L",
         "Spraying and wiping", cleaner_a.full_name, "", "", "Recorded late"],
    ]  # fmt: skip
    assert sheet.column_dimensions["I"].width > sheet.column_dimensions["B"].width
    assert sheet.freeze_panes == "A3"


def test_a_note_written_like_a_formula_stays_text_in_the_xlsx(
    client_for, company_a, manager_a, site_a, stairwell
):
    area, task = stairwell
    make_log(company_a, area, task=task, done_at=shanghai(2026, 11, 18, 8, 5),
             now=shanghai(2026, 11, 18, 8, 10), note=FORMULA_NOTE)  # fmt: skip
    response = client_for(company_a, manager_a).get(form_url(site_a, kind="xlsx", lang="en"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cell = sheet.cell(row=3, column=9)
    assert cell.value == FORMULA_NOTE
    assert cell.data_type == "s"


# The rows, as the daily reports will read them.


def test_a_correction_shows_instead_of_the_log_it_corrects_and_says_why(
    company_a, site_a, stairwell
):
    area, task = stairwell
    wrong = make_log(company_a, area, task=task, done_at=shanghai(2026, 11, 18, 8, 5),
                     now=shanghai(2026, 11, 18, 8, 10), agent="清水")  # fmt: skip
    data = LogIn(uuid=uuid.uuid4(), area=area, task=task, done_at=shanghai(2026, 11, 18, 8, 5))
    with tenant_context(company_a), translation.override("en"):
        correct_log(wrong, data, by=None, reason="消毒液写错了", now=shanghai(2026, 11, 18, 9))
        rows = form_rows(site_a, DAY, DAY, now=shanghai(2026, 11, 19))

    assert [(row.time, row.agent, row.mark) for row in rows] == [
        ("08:05", "含氯消毒液 500 mg/L", ""),
        ("14:00", "", "Missed"),
        ("20:00", "", "Missed"),
    ]
    assert rows[0].note == "Corrects an earlier record: 消毒液写错了"


def test_a_daily_task_missed_shows_end_of_day_and_work_done_late_says_when_it_was_due(
    company_a, site_a, stairwell
):
    area, task = stairwell
    bins = make_area(company_a, site_a, name="垃圾房", kind=FacilityKind.RUBBISH_ROOM)
    make_task(company_a, bins, kind=TaskKind.WASH_BINS, frequency=FrequencyChoice.DAILY,
              times=[], valid_from=shanghai(2026, 11, 1))  # fmt: skip
    make_log(company_a, area, task=task, done_at=shanghai(2026, 11, 18, 9, 30),
             now=shanghai(2026, 11, 18, 9, 31))  # fmt: skip
    with tenant_context(company_a), translation.override("en"):
        rows = form_rows(site_a, DAY, DAY, now=shanghai(2026, 11, 20))

    late = rows[0]
    assert (late.time, late.mark, late.note) == ("09:30", "Done late", "Due 08:00")
    assert late.done_late and not late.recorded_late
    missed_bins = [row for row in rows if row.area == "垃圾房"]
    assert [(row.time, row.task, row.mark) for row in missed_bins] == [
        ("end of day", "Wash the bins", "Missed")
    ]


def test_the_rows_are_the_sites_own_and_bounded_to_a_week(
    company_a, company_b, site_a, worked_day, area_b
):
    other = make_site(company_a, name="紫云小区")
    make_task(company_a, make_area(company_a, other, name="紫云 电梯"),
              valid_from=shanghai(2026, 11, 1))  # fmt: skip
    with tenant_context(company_a):
        rows = form_rows(site_a, DAY, DAY, now=shanghai(2026, 11, 19))
        with pytest.raises(ValueError):
            form_rows(site_a, DAY, DAY + datetime.timedelta(days=MAX_FORM_DAYS))
    assert {row.area for row in rows} == {"3号楼 楼道"}


def test_the_rows_read_the_same_few_queries_for_one_area_or_many(company_a, site_a, worked_day):
    def queries() -> int:
        with tenant_context(company_a), CaptureQueriesContext(connection) as captured:
            form_rows(site_a, DAY, DAY + datetime.timedelta(days=6), now=shanghai(2026, 11, 30))
        return len(captured)

    one = queries()
    for number in range(5):
        area = make_area(company_a, site_a, name=f"{number}号楼 电梯")
        task = make_task(company_a, area, valid_from=shanghai(2026, 11, 1))
        make_log(company_a, area, task=task, done_at=shanghai(2026, 11, 19, 8),
                 now=shanghai(2026, 11, 19, 8))  # fmt: skip
    assert queries() == one <= 5  # four, and entering the schema


# Choosing the form: bad addresses get a page to choose again, never a failure.


@pytest.mark.parametrize(
    "query",
    [
        "",
        "site=&day=2026-11-18",
        "site=abc&day=2026-11-18",
        "site={site}",
        "site={site}&day=2026-13-01",
        "site={site}&day=0001-01-01",
        "site={site}&day=9999-12-31",
        "site={site}&day=2026-11-18&week=2026-W47",
        "site={site}&week=2026-W60",
        "site={site}&week=0000-W01",
        "site={site}&week=next",
        "site={site}&day=2026-11-18&lang=fr",
    ],
)
@pytest.mark.parametrize("kind", ["pdf", "xlsx"])
def test_a_bad_or_missing_choice_answers_400_with_a_page_to_choose_again(
    client_for, company_a, manager_a, site_a, query, kind
):
    url = f"/cleaning/form.{kind}?" + query.format(site=site_a.pk)
    response = client_for(company_a, manager_a).get(url)

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert f'action="/cleaning/form.{kind}"' in page and 'role="alert"' in page


def test_ids_beyond_any_row_are_not_found(client_for, company_a, manager_a):
    client = client_for(company_a, manager_a)
    huge = "9" * 30
    assert client.get(f"/cleaning/form.pdf?site={huge}&day=2026-11-18").status_code == 404
    assert client.get(f"/cleaning/labels.pdf?site={huge}").status_code == 404
    assert client.get(f"/cleaning/areas/{huge}/notice.pdf").status_code == 404


def test_the_choice_page_says_what_is_wrong_in_the_readers_language(
    client_for, company_a, manager_a, site_a
):
    client = client_for(company_a, manager_a)
    response = client.get(f"/cleaning/form.pdf?site={site_a.pk}", HTTP_ACCEPT_LANGUAGE="en")
    assert "Choose a day or a week." in response.content.decode()
    response = client.get(
        f"/cleaning/form.pdf?site={site_a.pk}&day=2026-11-18&week=2026-W47",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "Choose a day or a week, not both." in response.content.decode()


# The 公示 sheet of an area.


def test_the_area_sheet_shows_the_plan_and_its_qr_code_opens_the_areas_record_on_the_board(
    fetch, company_a, site_a, stairwell, production_addresses, tmp_path
):
    area, _task = stairwell
    response, warnings = fetch(f"/cleaning/areas/{area.pk}/notice.pdf?lang=en")

    assert response.status_code == 200 and warnings == []
    assert pages_of(response.content) == 1
    text = text_of(response.content)
    for expected in ("天山天义小区", "3号楼楼道", "Stairwell", "3timesaday", "08:00·14:00·20:00",
                     "含氯消毒液500mg/L", "30minutes", "Operator(signature)",
                     "Acceptor(signature)"):  # fmt: skip
        assert expected in text
    board = f"https://{host_of(company_a)}/board/{site_a.board_token}/#area-{area.pk}"
    assert all_qr_codes(response.content, tmp_path) == [board]


def test_the_area_sheet_is_in_the_companys_language_and_draws_every_character(
    fetch, site_a, stairwell
):
    area, _task = stairwell
    response, warnings = fetch(f"/cleaning/areas/{area.pk}/notice.pdf")
    assert response.status_code == 200 and warnings == []
    assert squeezed(in_language("zh-hans", "Stairwell")) in text_of(response.content)


def test_a_long_plan_keeps_the_area_sheet_on_one_page(fetch, company_a, site_a, stairwell):
    area, _task = stairwell
    for kind in (TaskKind.WASH_BINS, TaskKind.LIFT_FILM, TaskKind.VENTILATE, TaskKind.MASK_BIN):
        make_task(company_a, area, kind=kind, agent="一种名字很长很长的消毒剂" * 3)
    response, _warnings = fetch(f"/cleaning/areas/{area.pk}/notice.pdf")
    assert pages_of(response.content) == 1


def test_a_private_areas_sheet_has_no_qr_code(fetch, company_a, site_a, tmp_path):
    store = make_area(company_a, site_a, name="物业仓库", public=False)
    response, _warnings = fetch(f"/cleaning/areas/{store.pk}/notice.pdf")
    assert response.status_code == 200
    assert "物业仓库" in text_of(response.content)
    assert all_qr_codes(response.content, tmp_path) == []


def test_a_retired_area_has_no_sheet(fetch, company_a, stairwell):
    from tenants.cleaning.services.areas import change_area

    area, _task = stairwell
    with tenant_context(company_a):
        change_area(area, by=None, active=False)
    response, _warnings = fetch(f"/cleaning/areas/{area.pk}/notice.pdf")
    assert response.status_code == 404


# The QR labels of a site.


def test_each_active_area_gets_a_label_whose_qr_code_opens_it_on_the_cleaners_phone(
    fetch, company_a, site_a, stairwell, production_addresses, tmp_path
):
    area, _task = stairwell
    lift = make_area(company_a, site_a, name="2号楼 电梯", kind=FacilityKind.LIFT)
    store = make_area(company_a, site_a, name="物业仓库", public=False)
    response, warnings = fetch(f"/cleaning/labels.pdf?site={site_a.pk}&lang=en")

    assert response.status_code == 200 and warnings == []
    host = host_of(company_a)
    expected = {f"https://{host}/m/cleaning/areas/{each.pk}/" for each in (area, lift, store)}
    codes = all_qr_codes(response.content, tmp_path)
    assert sorted(codes) == sorted(expected)
    text = text_of(response.content)
    for name in ("3号楼楼道", "2号楼电梯", "物业仓库", "Stairwell", "Lift"):
        assert name in text


def test_many_areas_flow_onto_several_label_pages(fetch, company_a, site_a):
    for number in range(14):
        make_area(company_a, site_a, name=f"{number}号楼 楼道")
    response, warnings = fetch(f"/cleaning/labels.pdf?site={site_a.pk}")
    assert response.status_code == 200 and warnings == []
    assert pages_of(response.content) == 2
    text = text_of(response.content)
    assert squeezed(in_language("zh-hans", "Stairwell")) in text
    # Numbers in names in number order: 2号楼 before 10号楼.
    assert text.index("2号楼楼道") < text.index("10号楼楼道")


@pytest.mark.parametrize("query", ["", "?site=", "?site=abc", "?site={site}&lang=fr"])
def test_labels_need_a_site_and_a_known_language(client_for, company_a, manager_a, site_a, query):
    url = "/cleaning/labels.pdf" + query.format(site=site_a.pk)
    response = client_for(company_a, manager_a).get(url)
    assert response.status_code == 400
    assert 'name="site"' in response.content.decode()


def test_an_area_sheet_in_an_unknown_language_answers_400(
    client_for, company_a, manager_a, stairwell
):
    area, _task = stairwell
    response = client_for(company_a, manager_a).get(f"/cleaning/areas/{area.pk}/notice.pdf?lang=fr")
    assert response.status_code == 400
    assert 'name="lang"' in response.content.decode()


# Who may download what.


def test_a_site_manager_of_other_sites_finds_none_of_them(
    client_for, company_a, site_manager_a, site_a, stairwell
):
    area, _task = stairwell
    client = client_for(company_a, site_manager_a)  # assigned to no site
    for url in (f"/cleaning/areas/{area.pk}/notice.pdf", form_url(site_a),
                form_url(site_a, kind="xlsx"), f"/cleaning/labels.pdf?site={site_a.pk}"):  # fmt: skip
        assert client.get(url).status_code == 404, url


def test_an_outsider_gets_nothing_of_the_company(
    client_for, company_a, company_b, outsider, site_a, stairwell, worked_day
):
    area, _task = stairwell
    urls = [f"/cleaning/areas/{area.pk}/notice.pdf", form_url(site_a),
            form_url(site_a, kind="xlsx"), f"/cleaning/labels.pdf?site={site_a.pk}"]  # fmt: skip
    here, home = client_for(company_a, outsider), client_for(company_b, outsider)
    for url in urls:
        refused = here.get(url)
        assert refused.status_code == 403, url
        assert not refused.content.startswith((b"%PDF", b"PK"))
        # On their own company's host alpha's ids find nothing of alpha's.
        elsewhere = home.get(url)
        assert elsewhere.status_code in (400, 404), url
        assert "3号楼".encode() not in elsewhere.content
    assert home.get(f"/cleaning/areas/{area.pk}/notice.pdf").status_code == 404
