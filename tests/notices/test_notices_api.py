"""Notices through the API, as a partner developer meets them.

Titles and bodies are objects with the four languages; a create is a draft and a retried create
with the same uuid makes no second notice; publishing needs the Chinese text and every published
change is kept as a version; a site's board shows what is in force today. Bad input changes
nothing, site managers reach only their sites, and other companies reach nothing.
"""

import datetime
import uuid

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from accounts.roles import ApiScope, Role
from tenants.notices.models import Notice
from tenants.notices.services.notices import withdraw_notice
from tenants.sites.models import Site
from tests.api_helpers import field_errors, listed
from tests.conftest import NOTICE_BODY, NOTICE_TITLE, host_of, make_notice, make_site
from tests.sites.site_helpers import assign

DAY = datetime.timedelta(days=1)
DRAFT = {"kind": "prevention", "title": {"zh-hans": "电梯消毒公告", "en": "Lift cleaning"},
         "body": {"zh-hans": "电梯每天消毒四次。", "en": "Lifts are cleaned four times a day."}}  # fmt: skip


def notices_of(company) -> list[tuple]:
    """Every notice of the company: Chinese title, status and version."""
    with schema_context(company.schema_name):
        return [
            (n.title.get("zh-hans"), n.status, n.version) for n in Notice.objects.order_by("pk")
        ]


def not_in(company, model, make):
    """Something `make` creates in another company whose id names nothing in `company`."""
    while True:
        made = make()
        with schema_context(company.schema_name):
            if not model.objects.filter(pk=made.pk).exists():
                return made


@pytest.fixture
def draft(site_a):
    return {**DRAFT, "sites": [site_a.pk]}


# Reading: four languages, safe HTML, and which translations are missing or outdated


def test_a_read_key_lists_notices_with_every_language_and_script_shown_as_text(
    reader, company_a, site_a, notice_a
):
    partial = make_notice(
        company_a,
        site_a,
        title={"zh-hans": "注意", "en": "Beware", "ja": "注意"},
        body={"zh-hans": "<script>alert(1)</script> 请勿点击", "en": "Do not click"},
    )
    rows = {row["id"]: row for row in reader.get("/api/v1/notices/").json()["results"]}
    assert sorted(rows) == sorted([notice_a.pk, partial.pk])
    full, part = rows[notice_a.pk], rows[partial.pk]
    assert (full["title"], full["body"]) == (NOTICE_TITLE, NOTICE_BODY)
    assert full["languages"] == dict.fromkeys(["zh-hans", "en", "ja", "ko"], "complete")
    assert "<li>进门测温</li>" in full["body_html"]["zh-hans"]
    assert part["title"] == {"zh-hans": "注意", "en": "Beware", "ja": "注意", "ko": ""}
    assert part["body"]["ja"] == part["body_html"]["ko"] == ""
    assert part["body"]["zh-hans"].startswith("<script>")
    assert "&lt;script&gt;" in part["body_html"]["zh-hans"]
    assert "<script>" not in part["body_html"]["zh-hans"]
    # Japanese has a title but no body: still missing.
    assert part["languages"] == {"zh-hans": "complete", "en": "complete", "ja": "missing",
                                 "ko": "missing"}  # fmt: skip


def test_translations_are_outdated_once_the_chinese_text_changes(writer, notice_a):
    url = f"/api/v1/notices/{notice_a.pk}/"
    response = writer.patch(url, {"body": {"zh-hans": "请全程佩戴口罩。"}}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["languages"] == {"zh-hans": "complete", "en": "outdated",
                                            "ja": "outdated", "ko": "outdated"}  # fmt: skip
    response = writer.patch(url, {"body": {"en": "Wear a mask."}}, format="json")
    assert response.json()["languages"]["en"] == "complete"
    assert response.json()["languages"]["ja"] == "outdated"


# Creating, with bad input refused


def test_a_read_write_key_creates_a_draft_and_a_retry_with_the_same_uuid_makes_no_second(
    writer, company_a, draft
):
    key = str(uuid.uuid4())
    first = writer.post("/api/v1/notices/", {**draft, "uuid": key}, format="json")
    assert first.status_code == 201, first.content
    body = first.json()
    assert (body["status"], body["version"], body["published_at"]) == ("draft", 0, None)
    assert body["uuid"] == key and body["valid_from"] == timezone.localdate().isoformat()
    assert body["title"] == {**DRAFT["title"], "ja": "", "ko": ""}
    again = writer.post("/api/v1/notices/", {**draft, "uuid": key}, format="json")
    assert again.json()["id"] == body["id"]
    assert notices_of(company_a) == [("电梯消毒公告", "draft", 0)]


@pytest.mark.parametrize(
    ("change", "field", "mentions"),
    # Errors come in Chinese, the default language; each names what was wrong.
    [
        pytest.param({"title": {"zh-hans": "公告", "fr": "Avis"}}, "title", "fr", id="French"),
        pytest.param({"body": {"zh-hans": 4}}, "body", "字符串", id="a number as text"),
        pytest.param({"title": "公告"}, "title", "zh-hans", id="text without a language"),
        pytest.param({"sites": []}, "sites", "项目", id="no sites"),
        pytest.param({"valid_from": "2026-12-10", "valid_until": "2026-12-01"}, "valid_until",
                     "", id="ends before it starts"),
    ],
)  # fmt: skip
def test_bad_input_is_refused_with_a_field_error_and_creates_nothing(
    writer, company_a, draft, change, field, mentions
):
    errors = field_errors(writer.post("/api/v1/notices/", {**draft, **change}, format="json"))
    assert list(errors) == [field]
    assert mentions in errors[field][0]
    assert notices_of(company_a) == []


def test_another_company_site_or_gate_is_refused_as_not_existing(
    writer, company_a, company_b, draft, site_b, gate_b
):
    foreign_site = not_in(company_a, Site, lambda: make_site(company_b, name=str(uuid.uuid4())))
    response = writer.post("/api/v1/notices/", {**draft, "sites": [foreign_site.pk]}, format="json")
    assert list(field_errors(response)) == ["sites"]
    response = writer.post("/api/v1/notices/", {**draft, "gates": [gate_b.pk]}, format="json")
    assert list(field_errors(response)) == ["gates"]
    assert notices_of(company_a) == []


# Publishing, versions and withdrawing


def test_a_notice_is_published_once_its_chinese_title_and_body_are_written(
    writer, company_a, site_a
):
    english = {"kind": "prevention", "sites": [site_a.pk], "title": {"en": "Lift cleaning"},
               "body": {"en": "Lifts are cleaned."}}  # fmt: skip
    created = writer.post("/api/v1/notices/", english, format="json").json()
    url = f"/api/v1/notices/{created['id']}/"
    assert created["languages"]["zh-hans"] == "missing"
    assert list(field_errors(writer.post(f"{url}publish/"))) == ["non_field_errors"]
    assert notices_of(company_a) == [(None, "draft", 0)]

    response = writer.patch(url, {"title": {"zh-hans": "电梯消毒"}}, format="json")
    assert response.status_code == 200
    assert writer.post(f"{url}publish/").status_code == 400  # the Chinese body is still missing
    writer.patch(url, {"body": {"zh-hans": "电梯每天消毒。"}}, format="json")
    published = writer.post(f"{url}publish/")
    assert published.status_code == 200
    assert (published.json()["status"], published.json()["version"]) == ("published", 1)
    assert published.json()["published_at"]
    assert writer.post(f"{url}publish/").json()["version"] == 1  # a retried publish
    assert notices_of(company_a) == [("电梯消毒", "published", 1)]


def test_changing_a_published_notice_keeps_the_earlier_version(writer, notice_a):
    url = f"/api/v1/notices/{notice_a.pk}/"
    response = writer.patch(url, {"body": {"zh-hans": "请佩戴口罩。"}}, format="json")
    assert (response.json()["status"], response.json()["version"]) == ("published", 2)
    versions = writer.get(f"{url}versions/").json()
    assert [version["number"] for version in versions] == [2, 1]
    assert versions[0]["body"] == {**NOTICE_BODY, "zh-hans": "请佩戴口罩。"}
    assert versions[1]["body"] == NOTICE_BODY and versions[1]["title"] == NOTICE_TITLE


def test_a_change_naming_one_language_keeps_the_others(writer, company_a, notice_a):
    url = f"/api/v1/notices/{notice_a.pk}/"
    response = writer.patch(url, {"title": {"en": "Stay safe"}}, format="json")
    assert response.status_code == 200
    assert response.json()["title"] == {**NOTICE_TITLE, "en": "Stay safe"}
    assert response.json()["body"] == NOTICE_BODY
    # Clearing the Chinese title of a published notice is refused and changes nothing.
    assert writer.patch(url, {"title": {"zh-hans": ""}}, format="json").status_code == 400
    assert writer.get(url).json()["title"] == {**NOTICE_TITLE, "en": "Stay safe"}
    assert notices_of(company_a) == [(NOTICE_TITLE["zh-hans"], "published", 2)]


def test_withdrawing_takes_a_notice_off_the_board(writer, site_a, notice_a):
    board = f"/api/v1/sites/{site_a.pk}/board/"
    assert [row["id"] for row in writer.get(board).json()["notices"]] == [notice_a.pk]
    response = writer.post(f"/api/v1/notices/{notice_a.pk}/withdraw/")
    assert (response.json()["status"], response.json()["version"]) == ("withdrawn", 1)
    assert writer.get(board).json()["notices"] == []
    assert len(writer.get(f"/api/v1/notices/{notice_a.pk}/versions/").json()) == 1


# The board


def test_the_board_lists_what_is_in_force_at_the_site_today_emergencies_first(
    reader, company_a, site_a, gate_a
):
    today = timezone.localdate()
    other_site = make_site(company_a, name="紫云小区")

    def notice(name, **fields):
        fields = {
            "title": {**NOTICE_TITLE, "zh-hans": name},
            "valid_from": today - 5 * DAY,
            **fields,
        }
        return make_notice(company_a, site_a, **fields)

    emergency = notice("紧急", kind="emergency")
    ends_today = notice("今天截止", valid_until=today)
    at_gate = notice("南门通知", sites=[], gates=[gate_a], valid_from=today)
    notice("草稿", publish=False)
    notice("过期", valid_until=today - DAY)
    notice("明天开始", valid_from=today + DAY)
    notice("别的小区", sites=[other_site])
    with schema_context(company_a.schema_name):
        withdraw_notice(notice("撤回"), by=None)

    response = reader.get(f"/api/v1/sites/{site_a.pk}/board/")
    assert response.status_code == 200
    body = response.json()
    assert [row["id"] for row in body["notices"]] == [emergency.pk, at_gate.pk, ends_today.pk]
    assert (body["site"], body["site_name"], body["date"]) == (site_a.pk, "天山天义小区",
                                                               today.isoformat())  # fmt: skip
    assert body["url"].endswith(f"/board/{site_a.board_token}/")
    first = body["notices"][0]
    assert (first["kind"], first["title"]["zh-hans"], first["gates"]) == ("emergency", "紧急", [])
    assert first["body"] == NOTICE_BODY and "<li>" in first["body_html"]["ko"]
    assert body["notices"][1]["gates"] == ["南门"]
    other = reader.get(f"/api/v1/sites/{other_site.pk}/board/").json()
    assert [row["title"]["zh-hans"] for row in other["notices"]] == ["别的小区"]


def test_a_site_gives_the_address_of_its_public_board(reader, company_a, site_a):
    response = reader.get(f"/api/v1/sites/{site_a.pk}/")
    assert response.status_code == 200
    url = response.json()["board_url"]
    assert url.startswith("http") and host_of(company_a) in url
    assert url.endswith(f"/board/{site_a.board_token}/")
    assert url == reader.get(f"/api/v1/sites/{site_a.pk}/board/").json()["url"]


# Other companies, site managers and viewers


def test_another_company_sees_nothing_of_this_company_notices(
    api_for, api_key_for, company_a, company_b, outsider, manager_a, site_b, notice_a
):
    beta_key = api_key_for(company_b, ApiScope.READ_WRITE)
    assert api_for(company_a, key=beta_key).get("/api/v1/notices/").status_code == 401
    beta_title = "乙公司的通知"
    notice_b = not_in(
        company_a, Notice, lambda: make_notice(company_b, site_b, title={"zh-hans": beta_title})
    )
    beta = api_for(company_b, outsider)
    beta_titles = [
        row["title"]["zh-hans"] for row in beta.get("/api/v1/notices/").json()["results"]
    ]
    assert beta_title in beta_titles and NOTICE_TITLE["zh-hans"] not in beta_titles

    alpha = api_for(company_a, manager_a)
    assert listed(alpha.get("/api/v1/notices/")) == [notice_a.pk]
    url = f"/api/v1/notices/{notice_b.pk}/"
    assert alpha.get(url).status_code == 404
    assert alpha.get(f"{url}versions/").status_code == 404
    assert alpha.patch(url, {"title": {"en": "Mine"}}, format="json").status_code == 404
    assert alpha.post(f"{url}withdraw/").status_code == 404
    assert notices_of(company_b)[-1] == (beta_title, "published", 1)


def test_a_site_manager_reaches_only_notices_at_their_sites(
    api_for, company_a, site_a, site_manager_a, manager_a, notice_a
):
    other_site = make_site(company_a, name="紫云小区")
    elsewhere = make_notice(company_a, other_site, title={"zh-hans": "紫云"})
    shared = make_notice(company_a, site_a, sites=[site_a, other_site], title={"zh-hans": "两处"})
    assign(company_a, site_a, site_manager_a)
    api = api_for(company_a, site_manager_a)

    assert sorted(listed(api.get("/api/v1/notices/"))) == sorted([notice_a.pk, shared.pk])
    assert api.get(f"/api/v1/notices/{elsewhere.pk}/").status_code == 404
    assert api.get(f"/api/v1/sites/{other_site.pk}/board/").status_code == 404
    # Residents of the other site read the shared notice too: its manager must agree.
    url = f"/api/v1/notices/{shared.pk}/"
    assert api.get(url).status_code == 200
    assert api.patch(url, {"title": {"zh-hans": "改"}}, format="json").status_code == 404
    assert api.post(f"{url}withdraw/").status_code == 404
    assert notices_of(company_a)[-1] == ("两处", "published", 1)
    response = api.patch(f"/api/v1/notices/{notice_a.pk}/", {"title": {"en": "Hi"}}, format="json")
    assert response.status_code == 200

    manager = api_for(company_a, manager_a)
    assert manager.patch(url, {"title": {"zh-hans": "改"}}, format="json").status_code == 200
    assert notices_of(company_a)[-1] == ("改", "published", 2)


def test_a_signed_in_viewer_reads_notices_but_cannot_write_them(
    api_for, make_member, company_a, draft, notice_a
):
    api = api_for(company_a, make_member(company_a, Role.VIEWER))
    assert listed(api.get("/api/v1/notices/")) == [notice_a.pk]
    assert api.get(f"/api/v1/notices/{notice_a.pk}/versions/").status_code == 200
    response = api.post("/api/v1/notices/", draft, format="json")
    assert response.status_code == 403 and set(response.json()) == {"detail", "errors"}
    assert api.post(f"/api/v1/notices/{notice_a.pk}/withdraw/").status_code == 403
    assert notices_of(company_a) == [(NOTICE_TITLE["zh-hans"], "published", 1)]
