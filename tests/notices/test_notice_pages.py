"""The notice pages of the portal (list, editor, templates, publishing, history) and the
public board residents open without signing in."""

import uuid
from html import escape

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_tenants.utils import schema_context

from accounts.roles import Role
from tenants.notices.models import Notice, NoticeStatus
from tests.conftest import NOTICE_BODY, NOTICE_TITLE, make_notice, make_site
from tests.sites.site_helpers import in_language

pytestmark = pytest.mark.django_db

FORM = {"kind": "prevention", "valid_from": "2026-12-01", "title_zh_hans": "电梯消毒公告",
        "body_zh_hans": "电梯每天消毒四次。", "title_en": "Lift disinfection",
        "body_en": "Lifts are disinfected four times a day."}  # fmt: skip


def notices_of(company):
    with schema_context(company.schema_name):
        return list(Notice.objects.order_by("pk"))


def test_the_list_marks_missing_and_outdated_languages(manager, company_a, site_a):
    make_notice(company_a, site_a, title={**NOTICE_TITLE, "ko": ""})
    page = manager.get("/notices/").content.decode()
    assert NOTICE_TITLE["zh-hans"] in page
    assert 'class="mark mark-missing"' in page
    assert in_language("zh-hans", "Missing") in page
    assert page.count('class="mark mark-complete"') == 3


def test_the_editor_shows_each_language_side_by_side_with_its_state(manager, company_a, site_a):
    notice = make_notice(company_a, site_a, body={**NOTICE_BODY, "ja": ""})
    page = manager.get(f"/notices/{notice.pk}/edit/").content.decode()
    for language in ("zh-hans", "en", "ja", "ko"):
        assert f'data-language="{language}"' in page
    assert 'class="language-column mark-missing" lang="ja"' in page
    assert in_language("zh-hans", "Older than the Chinese text") not in page


def test_writing_a_notice_makes_a_draft_and_a_double_click_makes_one(manager, company_a, site_a):
    data = {**FORM, "sites": site_a.pk, "uuid": str(uuid.uuid4())}
    first = manager.post("/notices/new/", data)
    second = manager.post("/notices/new/", data)
    notices = notices_of(company_a)
    assert len(notices) == 1
    assert first.status_code == second.status_code == 302
    assert first["Location"] == f"/notices/{notices[0].pk}/"
    assert notices[0].status == NoticeStatus.DRAFT
    assert notices[0].title == {"zh-hans": "电梯消毒公告", "en": "Lift disinfection"}


def test_a_notice_posted_nowhere_is_refused_with_a_chinese_message(manager, company_a):
    response = manager.post("/notices/new/", {**FORM, "uuid": str(uuid.uuid4())})
    assert response.status_code == 400
    assert in_language("zh-hans", "Post the notice at one site or gate at least.") in (
        response.content.decode()
    )
    assert notices_of(company_a) == []


def test_a_template_gives_a_draft_in_four_languages_to_check(manager, company_a, site_a):
    response = manager.post("/notices/new/from-template/", {"template": "prevention",
                                                            "site": site_a.pk})  # fmt: skip
    (notice,) = notices_of(company_a)
    assert response["Location"] == f"/notices/{notice.pk}/edit/"
    assert set(notice.title) == {"zh-hans", "en", "ja", "ko"}
    assert site_a.name in notice.body["en"]
    page = manager.get(response["Location"]).content.decode()
    assert escape(notice.title["ja"]) in page


def test_a_gate_closure_template_asks_which_gates(manager, company_a, site_a):
    response = manager.post("/notices/new/from-template/", {"template": "gate_closure",
                                                            "site": site_a.pk})  # fmt: skip
    assert response.status_code == 400
    assert in_language("zh-hans", "Choose the closed gate of this site.") in (
        response.content.decode()
    )
    assert notices_of(company_a) == []


def test_publishing_without_chinese_is_refused_and_explained(manager, company_a, site_a):
    notice = make_notice(company_a, site_a, publish=False, title={"en": "Lift"},
                         body={"en": "Text"})  # fmt: skip
    response = manager.post(f"/notices/{notice.pk}/publish/")
    assert response.status_code == 400
    message = "A notice can be published once its Chinese title and text are written."
    assert escape(in_language("zh-hans", message)) in response.content.decode()
    assert notices_of(company_a)[0].status == NoticeStatus.DRAFT


def test_editing_a_published_notice_publishes_a_new_version_in_its_history(
    manager, company_a, site_a
):
    notice = make_notice(company_a, site_a)
    data = {**FORM, "sites": site_a.pk, "title_zh_hans": "防疫温馨提示（更新）"}
    assert manager.post(f"/notices/{notice.pk}/edit/", data).status_code == 302
    page = manager.get(f"/notices/{notice.pk}/history/").content.decode()
    history = page[page.index("<details") :]  # the versions, latest first
    old, new = f"<h4>{NOTICE_TITLE['zh-hans']}</h4>", "<h4>防疫温馨提示（更新）</h4>"
    assert history.index(new) < history.index(old)
    assert in_language("zh-hans", "Version %(number)s", number=2) in history


def test_withdrawing_takes_the_notice_off_the_board(manager, client_for, company_a, site_a):
    notice = make_notice(company_a, site_a)
    manager.post(f"/notices/{notice.pk}/withdraw/")
    board = client_for(company_a).get(f"/board/{site_a.board_token}/").content.decode()
    assert NOTICE_TITLE["zh-hans"] not in board


def test_a_site_manager_cannot_change_a_notice_also_posted_at_another_managers_site(
    client_for, company_a, site_a, site_manager_a
):
    other = make_site(company_a, name="紫云小区")
    notice = make_notice(company_a, site_a, sites=[site_a, other])
    with schema_context(company_a.schema_name):
        site_a.assigned_users.add(site_manager_a)
    client = client_for(company_a, site_manager_a)
    page = client.get(f"/notices/{notice.pk}/").content.decode()
    assert escape(in_language("zh-hans", "This notice is also posted at sites you do not "
                              "manage: ask a manager to change it.")) in page  # fmt: skip
    assert client.get(f"/notices/{notice.pk}/edit/").status_code == 404
    assert client.post(f"/notices/{notice.pk}/withdraw/").status_code == 404
    assert notices_of(company_a)[0].status == NoticeStatus.PUBLISHED


def test_a_viewer_reads_notices_without_edit_buttons(client_for, make_member, company_a, site_a):
    notice = make_notice(company_a, site_a)
    viewer = client_for(company_a, make_member(company_a, Role.VIEWER))
    page = viewer.get(f"/notices/{notice.pk}/").content.decode()
    assert f"/notices/{notice.pk}/edit/" not in page
    assert f"/board/{site_a.board_token}/" in page


def test_another_companys_notices_are_not_found(manager, company_b, site_b, notice_b):
    with schema_context(company_b.schema_name):
        pk = notice_b.pk
    assert "乙公司的通知" not in manager.get("/notices/").content.decode()
    for path in (f"/notices/{pk + 1000}/", f"/notices/{pk + 1000}/poster.pdf"):
        assert manager.get(path).status_code == 404


# The public board.


def board(client, site, **headers):
    return client.get(f"/board/{site.board_token}/", **headers)


def test_the_board_is_in_the_readers_browser_language(client_for, company_a, site_a, notice_a):
    page = board(client_for(company_a), site_a, HTTP_ACCEPT_LANGUAGE="ko-KR,ko;q=0.9").content
    page = page.decode()
    assert '<html lang="ko">' in page
    assert NOTICE_TITLE["ko"] in page
    assert NOTICE_TITLE["zh-hans"] not in page


def test_a_notice_missing_the_readers_language_is_shown_in_chinese_with_a_note(
    client_for, company_a, site_a
):
    make_notice(company_a, site_a, title={**NOTICE_TITLE, "ja": ""})
    page = board(client_for(company_a), site_a, HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    with translation.override("ja"):
        note = gettext("This notice is not available in %(language)s; it is shown in Chinese.")
    assert escape(note % {"language": "日本語"}) in page
    assert NOTICE_TITLE["zh-hans"] in page
    assert '<article class="prevention" lang="zh-hans">' in page


def test_a_translation_older_than_the_chinese_says_so(client_for, company_a, site_a):
    from tenants.notices.services.notices import update_notice

    notice = make_notice(company_a, site_a)
    with schema_context(company_a.schema_name):
        update_notice(notice, by=None, body={**notice.body, "zh-hans": "新的中文正文"})
    page = board(client_for(company_a), site_a, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    note = "The Chinese text of this notice has changed since this translation was written."
    assert escape(in_language("en", note)) in page


def test_script_written_in_a_notice_is_shown_as_text_on_the_board(client_for, company_a, site_a):
    attack = "<script>alert('x')</script><img src=x onerror=alert(1)>"
    make_notice(company_a, site_a, body={"zh-hans": f"注意 {attack}"})
    page = board(client_for(company_a), site_a).content.decode()
    assert "<script>" not in page and "<img" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page or (
        "&lt;script&gt;alert('x')&lt;/script&gt;" in page
    )


def test_the_board_shows_only_notices_in_force_today(client_for, company_a, site_a):
    today = timezone.localdate()
    make_notice(company_a, site_a, title={"zh-hans": "草稿"}, publish=False)
    make_notice(company_a, site_a, title={"zh-hans": "明天起"},
                valid_from=today + timezone.timedelta(days=1))  # fmt: skip
    make_notice(company_a, site_a, title={"zh-hans": "今天有效"}, valid_from=today,
                valid_until=today)  # fmt: skip
    page = board(client_for(company_a), site_a).content.decode()
    assert "今天有效" in page
    assert "草稿" not in page and "明天起" not in page


def test_a_board_address_is_unknown_on_another_companys_host_and_when_guessed(
    client_for, company_a, company_b, site_a, site_b, notice_b
):
    assert board(client_for(company_a), site_b).status_code == 404
    response = client_for(company_a).get("/board/not-a-real-board-token/")
    assert response.status_code == 404
    assert len(site_a.board_token) >= 20 and site_a.board_token != site_b.board_token


def test_the_board_needs_no_script_and_is_printable(client_for, company_a, site_a, notice_a):
    page = board(client_for(company_a), site_a).content.decode()
    assert "<noscript>" in page  # the language switcher works without JavaScript
    assert "@media print" in page
    assert "<script" not in page
