"""Personal data at the gate: encrypted at rest, found by exact value, shown to managers on
record, checked against a person's history, and removed once it is no longer needed."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from guanjia.encryption import blind_index
from tenants.gate.models import (
    Entry,
    EscalationCase,
    IsolationCase,
    PersonalDataView,
    Returnee,
    VisitorPass,
)
from tenants.gate.services.entries import EntryIn, record_entry
from tenants.gate.services.isolation import (
    ReturneeIn,
    end_isolation,
    finish_elapsed_isolations,
    record_reading,
    register_returnee,
)
from tenants.gate.services.passes import PassIn, create_pass
from tenants.gate.services.personal_data import check_texts, known_person, reveal
from tenants.gate.services.retention import remove_expired_personal_data
from tests.conftest import make_gate, make_site
from tests.gate.gate_fixtures import VALID_ID

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

PHONE = "13812345678"
E164 = "+8613812345678"
OTHER_ID = "310104198001011239"
DAY = datetime.timedelta(days=1)


def returning(gate, *, document=VALID_ID, phone=PHONE, ago=datetime.timedelta(0), **fields):
    """A returning resident's entry, recorded `ago` before now."""
    sent = EntryIn(
        uuid=uuid.uuid4(),
        category="returning",
        temperature=Decimal("36.6"),
        recorded_at=timezone.now() - ago,
        name="王归沪",
        document=document,
        phone=phone,
        building="5",
        room="302",
        **fields,
    )
    # Recorded when it happened, as the phone sent it then: the window is counted from then.
    entry, _created = record_entry(gate, sent, by=None, now=sent.recorded_at)
    return entry


def renovation(gate, *, ago=datetime.timedelta(0), temperature="36.4"):
    """A renovation crew's entry with a van, recorded `ago` before now."""
    sent = EntryIn(
        uuid=uuid.uuid4(),
        category="renovation",
        temperature=Decimal(temperature),
        recorded_at=timezone.now() - ago,
        name="刘师傅",
        phone="13700001111",
        building="7",
        room="1101",
        filed=True,
        vehicle_plate="沪C88888",
        health_code="green",
    )
    # Recorded when it happened, as the phone sent it then: the window is counted from then.
    entry, _created = record_entry(gate, sent, by=None, now=sent.recorded_at)
    return entry


def visitor_pass(gate):
    return create_pass(
        gate,
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


def returnee(site, *, arrived_on, document=VALID_ID, phone="13912345678"):
    registered, _created = register_returnee(
        site,
        ReturneeIn(
            uuid=uuid.uuid4(),
            name="王归沪",
            document_kind="id_card",
            document=document,
            phone=phone,
            building="5",
            room="302",
            came_from="武汉",
            arrived_on=arrived_on,
        ),
        by=None,
    )
    return registered


def case_of(registered) -> IsolationCase:
    return IsolationCase.objects.get(returnee=registered)


def raw_row(table: str, pk: int) -> tuple:
    """A row as someone with the database alone reads it."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()


def leaks(row, *secrets) -> list[str]:
    return [str(value) for value in row for secret in secrets if secret in str(value)]


# At rest


def test_the_database_holds_neither_the_id_number_nor_the_phone_of_an_entry(in_a, gate_a):
    entry = returning(gate_a)
    row = raw_row("gate_entry", entry.pk)
    assert "王归沪" in row  # the name is kept in clear, for the register
    assert leaks(row, VALID_ID, "0105194912", PHONE, "12345678") == []


def test_an_entry_is_found_by_its_exact_id_or_phone_number(in_a, gate_a):
    entry = returning(gate_a)
    returning(gate_a, document=OTHER_ID, phone="13700001111")
    assert list(Entry.objects.filter(document_hash=blind_index(VALID_ID))) == [entry]
    assert list(Entry.objects.filter(phone_hash=blind_index(E164))) == [entry]
    assert not Entry.objects.filter(document_hash=blind_index(VALID_ID[:-1])).exists()


def test_a_returnee_their_isolation_and_a_pass_hold_no_numbers_in_the_database(
    in_a, site_a, gate_a, today
):
    registered = returnee(site_a, arrived_on=today - DAY)
    made = visitor_pass(gate_a)
    assert leaks(raw_row("gate_returnee", registered.pk), VALID_ID, "13912345678") == []
    assert (
        leaks(raw_row("gate_isolationcase", case_of(registered).pk), VALID_ID, "13912345678") == []
    )
    assert leaks(raw_row("gate_visitorpass", made.pk), "9012345678") == []


def test_the_numbers_read_back_as_they_were_written(in_a, gate_a):
    entry = Entry.objects.get(pk=returning(gate_a).pk)
    assert (entry.document_number, entry.phone) == (VALID_ID, E164)


# Shown to a manager


def test_a_manager_sees_the_full_numbers_and_the_view_is_recorded(in_a, gate_a, manager_a):
    entry = returning(gate_a)
    assert reveal(entry, by=manager_a) == {"document_number": VALID_ID, "phone": PHONE}
    view = PersonalDataView.objects.get()
    assert (view.viewed_by, view.record_type, view.record_id, view.fields) == (
        manager_a,
        "gate.entry",
        entry.pk,
        ["document_number", "phone"],
    )
    assert view.viewed_at is not None


def test_each_view_is_recorded_with_only_the_fields_the_record_has(in_a, gate_a, manager_a):
    made = visitor_pass(gate_a)
    assert reveal(made, by=manager_a) == {"phone": "+819012345678"}
    reveal(made, by=manager_a)
    views = PersonalDataView.objects.filter(record_type="gate.visitorpass", record_id=made.pk)
    assert [view.fields for view in views] == [["phone"], ["phone"]]


def test_a_returnee_and_their_isolation_case_are_revealed_separately(
    in_a, site_a, manager_a, today
):
    registered = returnee(site_a, arrived_on=today - DAY)
    reveal(registered, by=manager_a)
    reveal(case_of(registered), by=manager_a)
    assert sorted(PersonalDataView.objects.values_list("record_type", flat=True)) == [
        "gate.isolationcase",
        "gate.returnee",
    ]


def test_everyone_else_sees_masked_numbers(in_a, gate_a):
    entry = returning(gate_a)
    assert entry.document_masked == "110***********002X"
    assert (entry.phone_masked, entry.phone_display) == ("138****5678", PHONE)
    made = visitor_pass(gate_a)
    assert (made.phone_masked, made.phone_display) == ("+81******5678", "+819012345678")


def test_a_record_without_numbers_masks_nothing(in_a, gate_a):
    sent = EntryIn(uuid=uuid.uuid4(), category="resident", temperature=Decimal("36.5"))
    entry, _created = record_entry(gate_a, sent, by=None)
    assert (entry.document_masked, entry.phone_masked) == ("", "")


# The three checks on a known person


def test_a_known_person_has_their_entries_of_the_last_15_days_here_counted(
    in_a, company_a, site_a, gate_a
):
    now = timezone.now()
    returning(gate_a, ago=DAY)
    returning(gate_a, ago=14 * DAY)
    returning(gate_a, ago=16 * DAY)
    returning(gate_a, document=OTHER_ID, phone="13700001111", ago=DAY)
    elsewhere = make_gate(company_a, make_site(company_a, name="中紫小区"), name="东门")
    returning(elsewhere, ago=2 * DAY)

    person = known_person(site_a, document=VALID_ID, now=now)
    assert person.entries == 2
    assert now - 2 * DAY < person.last_entry_at < now
    assert (person.isolation_until, person.isolation_finished_on) == (None, None)
    assert person.known
    assert check_texts(person) == ["2 entries here in the last 15 days."]


def test_a_person_is_recognised_by_their_phone_alone(in_a, site_a, gate_a):
    returning(gate_a, ago=DAY)
    assert known_person(site_a, phone=E164, now=timezone.now()).entries == 1


def test_a_stranger_is_not_known(in_a, site_a, gate_a):
    returning(gate_a, ago=DAY)
    person = known_person(site_a, document=OTHER_ID, now=timezone.now())
    assert (person.entries, person.known) == (0, False)
    assert check_texts(person) == ["No entry here in the last 15 days."]
    assert not known_person(site_a, now=timezone.now()).known


def test_a_known_person_under_isolation_shows_its_last_day(in_a, site_a, today):
    case = case_of(returnee(site_a, arrived_on=today - 2 * DAY))
    person = known_person(site_a, document=VALID_ID, now=timezone.now())
    assert (person.isolation_until, person.isolation_finished_on) == (case.planned_end, None)
    assert person.known
    assert len(check_texts(person)) == 2


def test_a_known_person_whose_isolation_ended_shows_when(in_a, site_a, today, manager_a):
    case = case_of(returnee(site_a, arrived_on=today - 5 * DAY))
    end_isolation(case, on=today - DAY, reason="社区卫生中心解除", transferred=False, by=manager_a)
    person = known_person(site_a, document=VALID_ID, now=timezone.now())
    assert (person.isolation_until, person.isolation_finished_on) == (None, today - DAY)


def test_an_isolation_at_another_site_is_not_this_sites_concern(in_a, company_a, site_a, today):
    other = make_site(company_a, name="中紫小区")
    returnee(other, arrived_on=today - DAY)
    person = known_person(site_a, document=VALID_ID, now=timezone.now())
    assert (person.isolation_until, person.known) == (None, False)


# Retention


PERSONAL = ("name", "document_number", "document_hash", "phone", "phone_hash", "room")


def stored(model, pk) -> dict:
    return model.objects.values().get(pk=pk)


def stripped(values: dict, fields=PERSONAL) -> bool:
    return all(values[field] == "" for field in fields) and values["personal_data_removed_at"]


def test_old_entries_lose_their_personal_data_and_keep_what_the_reports_count(in_a, gate_a):
    old_returning = returning(gate_a, ago=30 * DAY)
    old_crew = renovation(gate_a, ago=29 * DAY)
    recent = returning(gate_a, ago=27 * DAY)

    counts = remove_expired_personal_data(by=None)
    assert counts["entries"] == 2

    for entry in (old_returning, old_crew):
        values = stored(Entry, entry.pk)
        assert stripped(values, (*PERSONAL, "vehicle_plate")), values
        assert (values["category"], values["outcome"], values["temperature"]) == (
            entry.category,
            entry.outcome,
            entry.temperature,
        )
        assert values["building"] == entry.building
    assert raw_row("gate_entry", old_returning.pk)  # the row itself stays
    kept = Entry.objects.get(pk=recent.pk)
    assert (kept.name, kept.document_number, kept.phone, kept.room) == (
        "王归沪",
        VALID_ID,
        E164,
        "302",
    )
    assert kept.personal_data_removed_at is None
    assert Entry.objects.filter(site=gate_a.site).count() == 3
    assert Entry.objects.filter(site=gate_a.site, category="returning").count() == 2
    assert not Entry.objects.filter(document_hash=blind_index(VALID_ID)).exclude(pk=recent.pk)


def test_removing_expired_personal_data_twice_changes_nothing_the_second_time(in_a, gate_a):
    old = returning(gate_a, ago=30 * DAY)
    remove_expired_personal_data(by=None)
    removed_at = Entry.objects.get(pk=old.pk).personal_data_removed_at
    again = remove_expired_personal_data(by=None, now=timezone.now() + DAY)
    assert set(again.values()) == {0}
    assert Entry.objects.get(pk=old.pk).personal_data_removed_at == removed_at


def test_a_company_that_keeps_personal_data_7_days_loses_it_sooner(in_a, company_a, gate_a):
    older = returning(gate_a, ago=8 * DAY)
    newer = returning(gate_a, ago=6 * DAY)
    assert remove_expired_personal_data(by=None)["entries"] == 0

    company_a.retention_days = 7
    company_a.save()
    assert remove_expired_personal_data(by=None)["entries"] == 1
    assert stripped(stored(Entry, older.pk))
    assert stored(Entry, newer.pk)["personal_data_removed_at"] is None


def test_old_visitor_passes_lose_their_personal_data(in_a, gate_a):
    old, new = visitor_pass(gate_a), visitor_pass(gate_a)
    VisitorPass.objects.filter(pk=old.pk).update(created_at=timezone.now() - 29 * DAY)
    assert remove_expired_personal_data(by=None)["passes"] == 1
    values = stored(VisitorPass, old.pk)
    assert stripped(values)
    assert (values["code"], values["category"], values["building"]) == (old.code, "visitor", "3")
    assert VisitorPass.objects.get(pk=new.pk).phone == "+819012345678"


def test_the_name_on_an_escalation_goes_with_its_entry(in_a, gate_a):
    old_fever = renovation(gate_a, ago=30 * DAY, temperature="38.0")
    new_fever = renovation(gate_a, ago=DAY, temperature="38.2")
    remove_expired_personal_data(by=None)
    old_case = EscalationCase.objects.get(entry=old_fever)
    assert (old_case.person_name, old_case.temperature) == ("", Decimal("38.0"))
    assert EscalationCase.objects.get(entry=new_fever).person_name == "刘师傅"


def test_isolation_cases_keep_personal_data_until_28_days_after_they_end(
    in_a, company_a, site_a, today, manager_a
):
    company_a.retention_days = 7
    company_a.save()
    long_over = case_of(returnee(site_a, arrived_on=today - 60 * DAY))  # last day 47 days ago
    finish_elapsed_isolations(today, by=None)
    over_29 = case_of(returnee(site_a, arrived_on=today - 50 * DAY, document=OTHER_ID))
    end_isolation(over_29, on=today - 29 * DAY, reason="转运", transferred=True, by=manager_a)
    over_27 = case_of(returnee(site_a, arrived_on=today - 40 * DAY))
    end_isolation(over_27, on=today - 27 * DAY, reason="转运", transferred=True, by=manager_a)
    observing = case_of(returnee(site_a, arrived_on=today - 2 * DAY))

    counts = remove_expired_personal_data(by=None)
    assert (counts["isolation_cases"], counts["returnees"]) == (2, 2)
    for case in (long_over, over_29):
        assert stripped(stored(IsolationCase, case.pk))
        returnee_values = stored(Returnee, case.returnee_id)
        assert stripped(returnee_values)
        assert (returnee_values["building"], returnee_values["came_from"]) == ("5", "武汉")
    for case in (over_27, observing):
        kept = IsolationCase.objects.get(pk=case.pk)
        assert (kept.name, kept.document_number, kept.room) == ("王归沪", VALID_ID, "302")
        assert Returnee.objects.get(pk=case.returnee_id).document_number == VALID_ID
    assert stored(IsolationCase, long_over.pk)["status"] == "finished"
    assert IsolationCase.objects.filter(site=site_a).count() == 4


def test_the_name_on_an_escalation_goes_with_its_isolation_case(in_a, site_a, today):
    case = case_of(returnee(site_a, arrived_on=today - 60 * DAY))
    reading, _created = record_reading(
        case, on=today - 55 * DAY, period="morning", temperature=Decimal("37.9"), by=None
    )
    assert EscalationCase.objects.get(reading=reading).person_name == "王归沪"
    finish_elapsed_isolations(today, by=None)
    remove_expired_personal_data(by=None)
    escalation = EscalationCase.objects.get(reading=reading)
    assert (escalation.person_name, escalation.temperature) == ("", Decimal("37.9"))
