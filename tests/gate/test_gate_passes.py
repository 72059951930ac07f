"""Visitor passes made before the gate: a code that cannot be misread, one entry on its day.

A pass is made once however often it is sent, never for residents or at a closed gate; the
entry recorded with it uses it, once, on its day and at its own site; the guard finds it
however the code is typed.
"""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tenants.gate.models import Entry, VisitorPass
from tenants.gate.services.entries import EntryIn, record_entry
from tenants.gate.services.passes import PassIn, create_pass, find_pass, normalize_code
from tenants.sites.models import GateStatus
from tenants.sites.services.gates import change_gate_status
from tests.conftest import make_gate, make_site

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

UNAMBIGUOUS = set("23456789ABCDEFGHJKMNPQRSTUVWXYZ")
DAY = datetime.timedelta(days=1)


# Visitor passes


def visit(**fields) -> PassIn:
    key = fields.pop("uuid", None) or uuid.uuid4()
    values = {
        "category": "visitor",
        "name": "山田花子",
        "phone": "+81 90-1234-5678",
        "building": "3",
        "room": "201",
        "health_code": "green",
        **fields,
    }
    return PassIn(uuid=key, **values)


def make_pass(gate, **fields) -> VisitorPass:
    return create_pass(gate, visit(**fields), source="form", by=None, language="ja")


def entry_with(visitor_pass, **fields) -> EntryIn:
    """The entry the guard's phone sends after scanning a pass: its details, today's reading."""
    values = {
        "uuid": uuid.uuid4(),
        "category": visitor_pass.category,
        "temperature": Decimal("36.4"),
        "name": visitor_pass.name,
        "phone": visitor_pass.phone,
        "building": visitor_pass.building,
        "room": visitor_pass.room,
        "consent": True,
        "health_code": visitor_pass.health_code,
        "visitor_pass": visitor_pass,
        **fields,
    }
    return EntryIn(**values)


def test_a_pass_has_a_six_character_code_that_cannot_be_misread(in_a, gate_a, today):
    visitor_pass = make_pass(gate_a)
    assert len(visitor_pass.code) == 6
    assert set(visitor_pass.code) <= UNAMBIGUOUS
    assert (visitor_pass.site, visitor_pass.gate, visitor_pass.valid_on) == (
        gate_a.site,
        gate_a,
        today,
    )
    assert visitor_pass.phone == "+819012345678"


def test_many_passes_never_use_zero_o_one_i_or_l(in_a, gate_a):
    drawn = "".join(make_pass(gate_a).code for _ in range(30))
    assert not set(drawn) & set("01OIL")


def test_a_pass_sent_twice_is_made_once(in_a, gate_a):
    key = uuid.uuid4()
    first = make_pass(gate_a, uuid=key)
    again = make_pass(gate_a, uuid=key)
    assert again.pk == first.pk and again.code == first.code
    assert VisitorPass.objects.filter(uuid=key).count() == 1


@pytest.mark.parametrize("category", ["resident", "returning", "tourist"])
def test_residents_make_no_visitor_passes(in_a, gate_a, category):
    with pytest.raises(ValidationError) as refused:
        make_pass(gate_a, category=category)
    assert list(refused.value.message_dict) == ["category"]
    assert not VisitorPass.objects.exists()


def test_a_closed_gate_makes_no_passes(in_a, gate_a):
    gate = change_gate_status(gate_a, GateStatus.CLOSED, by=None, reason="小包围")
    with pytest.raises(ValidationError):
        make_pass(gate)
    assert not VisitorPass.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"phone": "12345678901"}, "phone"),
        ({"phone": ""}, "phone"),
        ({"name": "  "}, "name"),
        ({"health_code": "purple"}, "health_code"),
    ],
)
def test_a_pass_with_bad_details_is_refused_and_not_made(in_a, gate_a, fields, field):
    with pytest.raises(ValidationError) as refused:
        make_pass(gate_a, **fields)
    assert list(refused.value.message_dict) == [field]
    assert not VisitorPass.objects.exists()


def test_an_entry_recorded_with_a_pass_uses_it(in_a, gate_a, guard_a):
    visitor_pass = make_pass(gate_a)
    entry, created = record_entry(gate_a, entry_with(visitor_pass), by=guard_a)
    assert created and entry.outcome == "admit"
    assert entry.visitor_pass == visitor_pass
    visitor_pass.refresh_from_db()
    assert visitor_pass.entry == entry


def test_a_pass_admits_one_entry_only(in_a, gate_a):
    visitor_pass = make_pass(gate_a)
    record_entry(gate_a, entry_with(visitor_pass), by=None)
    with pytest.raises(ValidationError) as refused:
        record_entry(gate_a, entry_with(visitor_pass), by=None)
    assert "already been used" in refused.value.messages[0]
    assert Entry.objects.filter(visitor_pass=visitor_pass).count() == 1


def test_resending_the_entry_of_a_pass_is_not_a_second_use(in_a, gate_a):
    visitor_pass = make_pass(gate_a)
    sent = entry_with(visitor_pass)
    first, _created = record_entry(gate_a, sent, by=None)
    again, created = record_entry(gate_a, sent, by=None)
    assert (again.pk, created) == (first.pk, False)


def test_a_pass_from_yesterday_is_refused(in_a, gate_a, today):
    visitor_pass = make_pass(gate_a)
    VisitorPass.objects.filter(pk=visitor_pass.pk).update(valid_on=today - DAY)
    visitor_pass.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        record_entry(gate_a, entry_with(visitor_pass), by=None)
    assert "expired" in refused.value.messages[0]
    assert not Entry.objects.exists()


def test_a_pass_used_on_its_day_and_synced_the_next_day_is_admitted(in_a, gate_a):
    # The guard's phone was offline when the visitor came in; the entry arrives the next day.
    visitor_pass = make_pass(gate_a)
    used_at = timezone.now()
    sent = entry_with(visitor_pass, recorded_at=used_at)
    entry, created = record_entry(gate_a, sent, by=None, now=used_at + DAY)
    assert created and entry.visitor_pass == visitor_pass
    assert entry.recorded_at == used_at


def test_an_entry_with_a_pass_resent_the_next_day_is_the_first_entry(in_a, gate_a):
    visitor_pass = make_pass(gate_a)
    sent = entry_with(visitor_pass)
    first, _created = record_entry(gate_a, sent, by=None)
    again, created = record_entry(gate_a, sent, by=None, now=timezone.now() + DAY)
    assert (again.pk, created) == (first.pk, False)


def test_a_pass_for_another_site_is_refused(in_a, company_a, gate_a):
    elsewhere = make_gate(company_a, make_site(company_a, name="中紫小区"), name="东门")
    visitor_pass = make_pass(elsewhere)
    with pytest.raises(ValidationError):
        record_entry(gate_a, entry_with(visitor_pass), by=None)
    assert not Entry.objects.exists()


def test_a_guard_finds_a_pass_typed_in_lower_case_with_dashes_and_spaces(in_a, gate_a):
    visitor_pass = make_pass(gate_a)
    code = visitor_pass.code
    typed = f" {code[:3].lower()}-{code[3:].lower()} "
    assert normalize_code(typed) == code
    assert find_pass(typed, gates=[gate_a]) == visitor_pass


def test_a_pass_is_found_at_any_gate_of_its_site_only(in_a, company_a, site_a, gate_a):
    visitor_pass = make_pass(gate_a)
    north = make_gate(company_a, site_a, name="北门")
    elsewhere = make_gate(company_a, make_site(company_a, name="中紫小区"), name="东门")
    assert find_pass(visitor_pass.code, gates=[north]) == visitor_pass
    assert find_pass(visitor_pass.code, gates=[elsewhere]) is None


@pytest.mark.parametrize("typed", ["", "ABC", "ZZZZZZ"])
def test_a_code_that_is_no_pass_finds_nothing(in_a, gate_a, typed):
    make_pass(gate_a)
    assert find_pass(typed, gates=[gate_a]) is None
