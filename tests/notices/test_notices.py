"""Writing, publishing and versioning notices; who sees them; what a board shows."""

import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_tenants.utils import schema_context

from tenants.notices.board import notice_text, notices_in_force
from tenants.notices.languages import COMPLETE, MISSING, OUTDATED
from tenants.notices.models import Notice, NoticeKind, NoticeStatus
from tenants.notices.services.notices import (
    create_notice,
    publish_notice,
    update_notice,
    withdraw_notice,
)
from tenants.notices.services.templates import start_notice_from_template
from tenants.sites.models import GateStatus
from tests.conftest import NOTICE_BODY, NOTICE_TITLE, make_gate, make_notice, make_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_a(company_a):
    with schema_context(company_a.schema_name):
        yield


def draft(site, **fields):
    values = {"kind": NoticeKind.PREVENTION, "title": {"zh-hans": "电梯消毒"},
              "body": {"zh-hans": "每天四次。"}, "sites": [site], **fields}  # fmt: skip
    return create_notice(by=None, **values)


def test_a_new_notice_is_a_draft_valid_from_today(in_a, site_a):
    notice = draft(site_a)
    assert notice.status == NoticeStatus.DRAFT
    assert notice.version == 0
    assert notice.valid_from == timezone.localdate()
    assert list(notice.sites.all()) == [site_a]


def test_a_create_retried_with_the_same_key_makes_one_notice(in_a, site_a):
    key = uuid.uuid4()
    first = draft(site_a, uuid=key)
    again = draft(site_a, uuid=key)
    assert again.pk == first.pk
    assert Notice.objects.count() == 1


def test_a_notice_posted_at_a_gate_is_posted_at_its_site(in_a, site_a, gate_a):
    notice = draft(site_a, sites=[], gates=[gate_a])
    assert list(notice.sites.all()) == [site_a]
    assert list(notice.gates.all()) == [gate_a]


@pytest.mark.parametrize(
    ("fields", "field"),
    [({"sites": []}, "sites"), ({"kind": "poster"}, "kind"),
     ({"title": {"fr": "Avis"}}, "title"), ({"body": {"zh-hans": 5}}, "body"),
     ({"title": ["防疫"]}, "title"), ({"title": {"zh-hans": "长" * 201}}, "title"),
     ({"valid_from": datetime.date(2026, 12, 2), "valid_until": datetime.date(2026, 12, 1)},
      "valid_until")],
)  # fmt: skip
def test_bad_input_is_refused_and_nothing_is_saved(in_a, site_a, fields, field):
    with pytest.raises(ValidationError) as refused:
        draft(site_a, **fields)
    assert field in refused.value.message_dict
    assert not Notice.objects.exists()


def test_a_notice_is_published_only_once_its_chinese_text_is_written(in_a, site_a):
    notice = draft(site_a, title={"en": "Lift"}, body={"en": "Four times a day."})
    with pytest.raises(ValidationError):
        publish_notice(notice, by=None)
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.DRAFT and not notice.versions.exists()
    notice = update_notice(notice, by=None, title={"zh-hans": "电梯"}, body={"zh-hans": "每天四次"})
    assert publish_notice(notice, by=None).status == NoticeStatus.PUBLISHED


def test_other_languages_may_follow_after_publishing(in_a, site_a):
    notice = publish_notice(draft(site_a), by=None)
    assert notice.language_states == {"zh-hans": COMPLETE, "en": MISSING, "ja": MISSING,
                                      "ko": MISSING}  # fmt: skip


def test_publishing_twice_keeps_one_version(in_a, site_a):
    notice = publish_notice(draft(site_a), by=None)
    notice = publish_notice(notice, by=None)
    assert notice.version == 1
    assert notice.versions.count() == 1


def test_changing_a_published_notice_keeps_the_earlier_version(in_a, site_a, manager_a):
    notice = publish_notice(draft(site_a), by=manager_a)
    notice = update_notice(notice, by=manager_a, body={"zh-hans": "每天六次。"})
    assert notice.version == 2
    versions = list(notice.versions.order_by("number"))
    assert [v.body["zh-hans"] for v in versions] == ["每天四次。", "每天六次。"]
    assert versions[1].published_by == manager_a


def test_saving_a_published_notice_unchanged_makes_no_new_version(in_a, site_a):
    notice = publish_notice(draft(site_a), by=None)
    notice = update_notice(notice, by=None, title=dict(notice.title), body=dict(notice.body))
    assert notice.version == 1


def test_a_published_notice_cannot_lose_its_chinese_text(in_a, site_a):
    notice = publish_notice(draft(site_a), by=None)
    with pytest.raises(ValidationError):
        update_notice(notice, by=None, title={"zh-hans": ""})
    notice.refresh_from_db()
    assert notice.title["zh-hans"] == "电梯消毒"


def test_drafts_change_without_versions(in_a, site_a):
    notice = update_notice(draft(site_a), by=None, body={"zh-hans": "改过"})
    assert notice.version == 0 and not notice.versions.exists()


def test_translations_become_outdated_when_the_chinese_changes_and_current_when_rewritten(
    company_a, site_a
):
    notice = make_notice(company_a, site_a)
    with schema_context(company_a.schema_name):
        notice = update_notice(notice, by=None, body={**notice.body, "zh-hans": "新的正文"})
        assert notice.language_states == {"zh-hans": COMPLETE, "en": OUTDATED, "ja": OUTDATED,
                                          "ko": OUTDATED}  # fmt: skip
        notice = update_notice(notice, by=None, body={**notice.body, "en": "New text"})
        assert notice.language_states["en"] == COMPLETE
        assert notice.language_states["ja"] == OUTDATED


def test_withdrawing_takes_a_notice_off_the_board_and_it_can_return(company_a, site_a):
    notice = make_notice(company_a, site_a)
    with schema_context(company_a.schema_name):
        today = timezone.localdate()
        withdraw_notice(notice, by=None)
        assert notices_in_force(site_a, today) == []
        publish_notice(notice, by=None)
        assert notices_in_force(site_a, today) == [notice]


def test_the_board_shows_notices_in_force_emergencies_first(company_a, site_a):
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    current = make_notice(company_a, site_a, valid_from=today - day, valid_until=today)
    emergency = make_notice(company_a, site_a, kind=NoticeKind.EMERGENCY, valid_from=today)
    make_notice(company_a, site_a, valid_from=today - 2 * day, valid_until=today - day)  # ended
    make_notice(company_a, site_a, valid_from=today + day)  # not yet
    make_notice(company_a, site_a, publish=False)  # a draft
    other_site = make_site(company_a, name="紫云小区")
    make_notice(company_a, other_site)
    with schema_context(company_a.schema_name):
        assert notices_in_force(site_a, today) == [emergency, current]


def test_a_reader_gets_their_language_or_chinese_with_a_note(company_a, site_a):
    notice = make_notice(company_a, site_a, title={**NOTICE_TITLE, "ko": ""})
    korean = notice_text(notice, "ko")
    assert (korean.title, korean.fell_back) == (NOTICE_TITLE["zh-hans"], True)
    japanese = notice_text(notice, "ja")
    assert (japanese.title, japanese.fell_back) == (NOTICE_TITLE["ja"], False)
    assert "<li>" in japanese.body_html


def test_a_gate_closure_from_the_template_names_both_gates_in_every_language(
    company_a, site_a, gate_a
):
    north = make_gate(company_a, site_a, name="北门")
    with schema_context(company_a.schema_name):
        notice = start_notice_from_template(
            "gate_closure", by=None, site=site_a, closed_gate=gate_a, open_gate=north
        )
        assert notice.kind == NoticeKind.GATE_CLOSURE
        assert list(notice.gates.all()) == [gate_a]
        assert all("南门" in notice.title[code] and "北门" in notice.body[code]
                   for code in NOTICE_TITLE)  # fmt: skip
        assert set(notice.language_states.values()) == {COMPLETE}


def test_a_gate_closure_cannot_send_residents_to_a_closed_gate(company_a, site_a, gate_a):
    west = make_gate(company_a, site_a, name="西门", status=GateStatus.CLOSED, reason="小包围")
    with schema_context(company_a.schema_name):
        with pytest.raises(ValidationError) as refused:
            start_notice_from_template(
                "gate_closure", by=None, site=site_a, closed_gate=gate_a, open_gate=west
            )
        assert "open_gate" in refused.value.message_dict
        assert not Notice.objects.exists()


def test_a_gate_closure_needs_gates_of_its_own_site(company_a, site_a, gate_a):
    other = make_site(company_a, name="紫云小区")
    elsewhere = make_gate(company_a, other, name="紫云南门")
    with schema_context(company_a.schema_name):
        with pytest.raises(ValidationError) as refused:
            start_notice_from_template(
                "gate_closure", by=None, site=site_a, closed_gate=gate_a, open_gate=elsewhere
            )
        assert "open_gate" in refused.value.message_dict


def test_a_site_manager_sees_and_changes_only_notices_of_their_sites(
    company_a, site_a, site_manager_a
):
    from accounts.access import Access

    other = make_site(company_a, name="紫云小区")
    mine = make_notice(company_a, site_a)
    theirs = make_notice(company_a, other)
    shared = make_notice(company_a, site_a, sites=[site_a, other])
    with schema_context(company_a.schema_name):
        site_a.assigned_users.add(site_manager_a)
        access = Access(role="site_manager", user=site_manager_a)
        assert set(Notice.objects.visible_to(access)) == {mine, shared}
        assert set(Notice.objects.editable_by(access)) == {mine}
        assert theirs not in Notice.objects.visible_to(access)


def test_another_company_has_none_of_these_notices(company_a, company_b, site_a, site_b):
    make_notice(company_a, site_a)
    make_notice(company_b, site_b, title={**NOTICE_TITLE, "zh-hans": "乙公司的通知"})
    with schema_context(company_b.schema_name):
        assert [n.title["zh-hans"] for n in Notice.objects.all()] == ["乙公司的通知"]
        assert NOTICE_BODY["zh-hans"] in Notice.objects.get().body["zh-hans"]
