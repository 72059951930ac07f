"""The action log forgets the people whose personal data expired, and nothing else.

The log is append-only: the database refuses every change to it. The nightly retention run
alone may delete, and only the entries that name someone whose data it has just stripped.
"""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django_tenants.utils import schema_context, tenant_context

from guanjia.actors import System
from tenants.gate.models import Entry, VisitorPass
from tenants.gate.services.entries import EntryIn, record_entry
from tenants.gate.services.isolation import end_isolation, record_reading
from tenants.gate.services.needs import open_need
from tenants.gate.services.passes import PassIn, create_pass
from tenants.gate.services.personal_data import reveal
from tenants.gate.services.retention import ISOLATION_KEPT, remove_expired_personal_data
from tenants.history.models import LogEntry
from tenants.history.services import forget_entries_about
from tests.gate.gate_fixtures import make_returnee

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

DAY = datetime.timedelta(days=1)
HOUSEKEEPING = System("gate_housekeeping")


def isolated(company, site, name: str, *, ended_days_ago: int | None, by):
    """Someone's isolation with a reading, a need and a look at the numbers, all logged;
    ended early `ended_days_ago` days ago, or still running if None."""
    today = timezone.localdate()
    # Released early, five days in.
    arrived = today - (2 if ended_days_ago is None else ended_days_ago + 5) * DAY
    returnee = make_returnee(company, site, name=name, arrived_on=arrived)
    with schema_context(company.schema_name):
        case = returnee.isolation_case
        record_reading(
            case, on=case.starts_on, period="morning", temperature=Decimal("36.5"), by=by
        )
        open_need(case, uuid=uuid.uuid4(), kind="water", details="两桶水", by=by)
        reveal(case, by=by)
        if ended_days_ago is not None:
            end_isolation(
                case,
                on=today - ended_days_ago * DAY,
                reason="社区卫生服务中心解除",
                transferred=False,
                by=by,
            )
    return case


def naming(name: str) -> list[str]:
    """The actions of the current company's log entries that name this person anywhere."""
    return sorted(
        entry.action
        for entry in LogEntry.objects.all()
        if name in entry.object_label or name in str(entry.data)
    )


def history_of(record) -> list[str]:
    return [entry.action for entry in LogEntry.objects.about(record)]


def last_run() -> LogEntry:
    """The current company's latest retention run as its log keeps it."""
    return LogEntry.objects.filter(action="personal_data.expired_removed").latest("id")


def test_the_database_refuses_to_change_or_delete_a_log_entry(in_a, manager_a, site_a):
    case = isolated(in_a, site_a, "赵旧", ended_days_ago=None, by=manager_a)
    entry = LogEntry.objects.about(case).first()
    update = "UPDATE history_logentry SET object_label = 'x' WHERE id = %s"
    delete = "DELETE FROM history_logentry WHERE id = %s"
    retention = "SET LOCAL guanjia.log_retention = 'on'"
    # With the retention run's setting a delete would pass, but never an update.
    for statements in ([update], [delete], [retention, update]):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            for sql in statements:
                cursor.execute(sql, [entry.pk] if "%s" in sql else None)
    # Once the run has deleted what it came for, the rest of its transaction may not delete.
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        forget_entries_about(Entry.objects.all())
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM history_logentry WHERE id = %s", [entry.pk])
    kept = LogEntry.objects.get(pk=entry.pk)
    assert (kept.object_label, kept.action) == (entry.object_label, entry.action)
    assert "赵旧" in kept.object_label


def test_an_isolation_over_28_days_ago_leaves_no_name_in_the_log(in_a, manager_a, site_a):
    ended = ISOLATION_KEPT.days + 1
    old = isolated(in_a, site_a, "赵旧", ended_days_ago=ended, by=manager_a)
    recent = isolated(in_a, site_a, "钱新", ended_days_ago=ended - 2, by=manager_a)
    running = isolated(in_a, site_a, "孙在", ended_days_ago=None, by=manager_a)
    named = naming("赵旧")
    assert named == sorted(
        [
            "returnee.registered",
            "reading.recorded",
            "need.opened",
            "personal_data.revealed",
            "isolation.ended",
        ]
    )
    kept = {case.pk: history_of(case) for case in (recent, running)}

    counts = remove_expired_personal_data(by=HOUSEKEEPING)

    assert naming("赵旧") == []
    assert history_of(old) == [] and history_of(old.returnee) == []
    assert {case.pk: history_of(case) for case in (recent, running)} == kept
    assert "returnee.registered" in naming("钱新") and "need.opened" in naming("孙在")
    run = last_run()
    assert counts["log_entries"] == len(named)
    assert run.data == counts and run.actor_label == "gate_housekeeping"
    assert remove_expired_personal_data(by=HOUSEKEEPING)["log_entries"] == 0


def test_an_old_entry_at_the_gate_leaves_no_name_in_the_log(in_a, gate_a):
    def entry(name, days_ago):
        when = timezone.now() - days_ago * DAY
        sent = EntryIn(
            uuid=uuid.uuid4(),
            category="courier",
            temperature=Decimal("36.5"),
            recorded_at=when,
            name=name,
            phone="13812345678",
            health_code="green",
        )
        return record_entry(gate_a, sent, by=None, now=when)[0]

    entry("周快递", in_a.retention_days + 2)
    entry("吴快递", 1)
    visit = create_pass(
        gate_a,
        PassIn(
            uuid=uuid.uuid4(),
            category="visitor",
            name="山田花子",
            phone="+819012345678",
            building="3",
            room="201",
            health_code="green",
        ),
        source="form",
        by=None,
    )
    VisitorPass.objects.filter(pk=visit.pk).update(created_at=timezone.now() - 40 * DAY)
    assert naming("周快递") == ["entry.recorded"]

    counts = remove_expired_personal_data(by=HOUSEKEEPING)

    assert (counts["entries"], counts["passes"], counts["log_entries"]) == (1, 1, 1)
    assert naming("周快递") == [] and naming("吴快递") == ["entry.recorded"]
    # A pass was logged without the visitor's name: its history stays.
    assert history_of(visit) == ["visitor_pass.created"]


def test_the_pages_of_a_stripped_isolation_show_no_name_any_more(
    client_for, company_a, manager_a, site_a
):
    with tenant_context(company_a):
        case = isolated(company_a, site_a, "赵旧", ended_days_ago=40, by=manager_a)
    client = client_for(company_a, manager_a)

    def page(path):
        response = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200
        return response.content.decode()

    assert "赵旧" in page(f"/isolation/{case.pk}/")
    assert "赵旧" in page("/log/")
    with tenant_context(company_a):
        remove_expired_personal_data(by=HOUSEKEEPING)

    case_page, log_page = page(f"/isolation/{case.pk}/"), page("/log/")
    assert "赵旧" not in case_page and "赵旧" not in log_page
    assert "No changes recorded yet." in case_page
    assert "The nightly clean-up removed personal data past its retention period" in log_page


def test_one_companys_run_leaves_another_companys_log_alone(
    company_a, company_b, manager_a, outsider, site_a, site_b
):
    with tenant_context(company_a):
        isolated(company_a, site_a, "赵旧", ended_days_ago=40, by=manager_a)
    with tenant_context(company_b):
        theirs = isolated(company_b, site_b, "赵旧", ended_days_ago=40, by=outsider)
        before = naming("赵旧")

    with tenant_context(company_a):
        assert remove_expired_personal_data(by=HOUSEKEEPING)["log_entries"] == len(before)
        assert naming("赵旧") == []
    with tenant_context(company_b):
        assert naming("赵旧") == before and history_of(theirs)
        assert not LogEntry.objects.filter(action="personal_data.expired_removed").exists()
        # The company was cloned from the template: its own run may forget, like alpha's.
        assert remove_expired_personal_data(by=HOUSEKEEPING)["log_entries"] == len(before)
        assert naming("赵旧") == []
