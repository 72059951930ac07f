"""Gate rosters through their services: people on duty, shifts, swaps, absences, rotas, coverage.

Every open gate is staffed around the clock ("full coverage, no gaps"); coverage is read from
the database with each gate's closings and the gates another company staffs left out.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from django_tenants.utils import schema_context

from accounts.roles import Role
from tenants.rosters.models import DutyPerson, DutyPersonKind, Rota, Shift
from tenants.rosters.services.coverage import site_coverage
from tenants.rosters.services.people import create_duty_person, update_duty_person
from tenants.rosters.services.rotas import create_rota, generate_shifts
from tenants.rosters.services.shifts import (
    delete_shift,
    mark_absent,
    swap_shifts,
    update_shift,
)
from tenants.sites.models import GateStatus
from tenants.sites.services.gates import change_gate_status, update_gate
from tests.conftest import make_gate, make_person, make_shift, make_site, shanghai
from tests.rosters.roster_helpers import HOUR, manager, roster_of, staff
from tests.sites.site_helpers import in_language

pytestmark = pytest.mark.usefixtures("english")

DAY = datetime.date(2026, 12, 1)  # a Tuesday
MONDAY, NEXT_MONDAY = shanghai(2026, 11, 30), shanghai(2026, 12, 7)


def refusal(company, call, /, *args, **kwargs) -> ValidationError:
    """The error `call` refuses with, run in the company's schema."""
    with schema_context(company.schema_name), pytest.raises(ValidationError) as refused:
        call(*args, **kwargs)
    return refused.value


def people_of(company) -> dict[str, dict]:
    with schema_context(company.schema_name):
        return {p["name"]: p for p in DutyPerson.objects.values()}


def gaps(coverage, gate) -> list[tuple]:
    """A gate's gaps as a manager reads them: from, until, people missing."""
    return [(g.start, g.end, g.missing) for g in coverage.gaps_of(gate.pk)]


def coverage_of(company, site, start, end):
    with schema_context(company.schema_name):
        return site_coverage(site, start, end)


# People on duty


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("138 1234 5678", "+8613812345678"),
        ("+86 139-0000-1111", "+8613900001111"),
        ("+81 90-1234-5678", "+819012345678"),
        ("", ""),
    ],
)
def test_a_volunteers_phone_number_is_kept_in_one_form(company_a, typed, stored):
    make_person(company_a, name="赵志愿", phone=typed)
    assert people_of(company_a)["赵志愿"]["phone"] == stored


def test_a_phone_number_that_cannot_be_dialled_is_refused(company_a):
    error = refusal(company_a, make_person, company_a, name="赵志愿", phone="12345")
    assert error.message_dict == {"phone": ["“12345” is not a valid phone number."]}
    assert people_of(company_a) == {}


def test_two_people_on_duty_cannot_share_a_name(company_a, person_a):
    make_person(company_a, name="Tom Lee", kind=DutyPersonKind.PAID_GUARD)
    error = refusal(company_a, make_person, company_a, name=" tom lee ")
    assert error.message_dict == {
        "name": [
            "Someone on duty is already called “tom lee”; add something to tell them apart, "
            "e.g. “tom lee (2)”."
        ]
    }
    renamed = refusal(
        company_a, update_duty_person, person_a, by=None, company=company_a, name="TOM LEE"
    )
    assert set(renamed.message_dict) == {"name"}
    assert set(people_of(company_a)) == {"李志愿", "Tom Lee"}


def test_a_guard_who_signs_in_is_named_after_their_account(company_a, make_member):
    guard = make_member(company_a, Role.GUARD)
    with schema_context(company_a.schema_name):
        person = create_duty_person(by=None, company=company_a, user=guard)
    assert (person.name, person.kind, person.user_id) == ("甲物业 guard", "guard", guard.pk)


def test_only_members_sign_in_as_guards_and_each_only_once(company_a, make_member, outsider):
    guard = make_member(company_a, Role.GUARD)
    with schema_context(company_a.schema_name):
        create_duty_person(by=None, company=company_a, user=guard)
    twice = refusal(
        company_a, create_duty_person, by=None, company=company_a, user=guard, name="又一个"
    )
    foreign = refusal(company_a, create_duty_person, by=None, company=company_a, user=outsider)
    # The model's own unique check answers first ("… with this User account already exists").
    assert list(twice.message_dict) == ["user"]
    assert foreign.message_dict == {"user": ["Only members of this company can sign in as guards."]}
    assert len(people_of(company_a)) == 1


def test_someone_taken_off_duty_gets_no_new_shifts(company_a, gate_a, person_a):
    with schema_context(company_a.schema_name):
        person = update_duty_person(person_a, by=None, company=company_a, active=False)
    error = refusal(
        company_a,
        make_shift,
        company_a,
        gate_a,
        person,
        shanghai(2026, 12, 1, 8),
        shanghai(2026, 12, 1, 16),
    )
    assert error.message_dict == {"person": ["“李志愿” is no longer on duty."]}
    assert roster_of(company_a) == []


# Shifts


def test_a_night_shift_crosses_midnight_as_one_shift(company_a, shift_a):
    assert roster_of(company_a) == [
        ("南门", "李志愿", shanghai(2026, 12, 1, 22), shanghai(2026, 12, 2, 6), False)
    ]


@pytest.mark.parametrize(
    ("hours", "field", "message"),
    [
        (0, "ends_at", "A shift must end after it starts."),
        (-2, "ends_at", "A shift must end after it starts."),
        (25, "ends_at", "A shift can last at most 24 hours."),
    ],
)
def test_a_shift_that_ends_before_it_starts_or_lasts_over_a_day_is_refused(
    company_a, gate_a, person_a, hours, field, message
):
    start = shanghai(2026, 12, 1, 8)
    error = refusal(company_a, make_shift, company_a, gate_a, person_a, start, start + hours * HOUR)
    assert error.message_dict == {field: [message]}
    assert roster_of(company_a) == []


def test_a_24_hour_shift_is_allowed(company_a, gate_a, person_a):
    make_shift(company_a, gate_a, person_a, shanghai(2026, 12, 1, 8), shanghai(2026, 12, 2, 8))
    assert len(roster_of(company_a)) == 1


def test_no_shifts_at_a_gate_another_company_staffs(company_a, site_a, person_a):
    shared = make_gate(company_a, site_a, name="共用东门", responsible=False)
    error = refusal(
        company_a,
        make_shift,
        company_a,
        shared,
        person_a,
        shanghai(2026, 12, 1, 8),
        shanghai(2026, 12, 1, 16),
    )
    assert error.message_dict == {"gate": ["Another company staffs the gate “共用东门”."]}


def test_the_same_person_at_the_same_gate_and_start_is_one_shift(company_a, gate_a, shift_a):
    error = refusal(
        company_a,
        make_shift,
        company_a,
        gate_a,
        shift_a.person,
        shanghai(2026, 12, 1, 22),
        shanghai(2026, 12, 2, 2),
    )
    assert error.messages == ["李志愿 already has a shift at 南门 starting 12/01/2026 10 p.m.."]
    assert len(roster_of(company_a)) == 1


@pytest.mark.parametrize(
    ("language", "start"), [("en", "12/01/2026 10 p.m."), ("zh-hans", "2026年12月1日 22:00")]
)
def test_moving_a_shift_onto_anothers_names_the_start_in_shanghai_time(
    company_a, gate_a, shift_a, language, start
):
    other = make_person(company_a, name="王保安")
    theirs = make_shift(
        company_a, gate_a, other, shanghai(2026, 12, 1, 22), shanghai(2026, 12, 2, 6)
    )
    with translation.override(language):
        error = refusal(company_a, update_shift, theirs, by=None, person=shift_a.person)
    message = "%(name)s already has a shift at %(gate)s starting %(start)s."
    assert error.messages == [
        in_language(language, message, name="李志愿", gate="南门", start=start)
    ]


def test_a_manager_moves_and_removes_shifts(company_a, site_a, gate_a, shift_a):
    east = make_gate(company_a, site_a, name="东门")
    with schema_context(company_a.schema_name):
        update_shift(shift_a, by=None, gate=east, starts_at=shanghai(2026, 12, 1, 20))
        moved = Shift.objects.get(pk=shift_a.pk)
    assert roster_of(company_a) == [
        ("东门", "李志愿", shanghai(2026, 12, 1, 20), shanghai(2026, 12, 2, 6), False)
    ]
    with schema_context(company_a.schema_name):
        delete_shift(moved, by=None)
    assert roster_of(company_a) == []


def test_a_shift_cannot_be_marked_absent_by_editing_it(company_a, shift_a):
    error = refusal(company_a, update_shift, shift_a, by=None, absent=True)
    assert error.messages == ["These fields cannot be changed: absent"]
    assert roster_of(company_a)[0][-1] is False


# Swaps


def test_two_people_swap_their_shifts(company_a, site_a, gate_a, shift_a):
    east = make_gate(company_a, site_a, name="东门")
    wang = make_person(company_a, name="王保安")
    morning = make_shift(company_a, east, wang, shanghai(2026, 12, 2, 6), shanghai(2026, 12, 2, 14))
    with schema_context(company_a.schema_name):
        swap_shifts(shift_a, morning, by=None)
    assert roster_of(company_a) == [
        ("南门", "王保安", shanghai(2026, 12, 1, 22), shanghai(2026, 12, 2, 6), False),
        ("东门", "李志愿", shanghai(2026, 12, 2, 6), shanghai(2026, 12, 2, 14), False),
    ]


def test_a_swap_of_a_shift_with_itself_or_the_same_persons_shift_is_refused(
    company_a, gate_a, person_a, shift_a
):
    later = make_shift(
        company_a, gate_a, person_a, shanghai(2026, 12, 3, 8), shanghai(2026, 12, 3, 16)
    )
    itself = refusal(company_a, swap_shifts, shift_a, shift_a, by=None)
    same_person = refusal(company_a, swap_shifts, shift_a, later, by=None)
    assert itself.messages == ["Choose two different shifts to swap."]
    assert same_person.messages == ["Both shifts belong to the same person."]


def test_swapping_shifts_at_the_same_gate_and_hours_is_refused(company_a, gate_a, shift_a):
    wang = make_person(company_a, name="王保安")
    beside = make_shift(
        company_a, gate_a, wang, shanghai(2026, 12, 1, 22), shanghai(2026, 12, 2, 6)
    )
    error = refusal(company_a, swap_shifts, shift_a, beside, by=None)
    assert error.messages == ["These two shifts are at the same gate and hours: nothing to swap."]
    assert [row[1] for row in roster_of(company_a)] == ["李志愿", "王保安"]


# Absence and cover


def test_someone_absent_is_covered_and_the_gate_stays_staffed(company_a, site_a, gate_a, shift_a):
    wang = make_person(company_a, name="王保安")
    with schema_context(company_a.schema_name):
        cover = mark_absent(shift_a, by=None, cover=wang, note="发烧，在家观察")
    night = (shanghai(2026, 12, 1, 22), shanghai(2026, 12, 2, 6))
    assert roster_of(company_a) == [
        ("南门", "李志愿", *night, True),
        ("南门", "王保安", *night, False),
    ]
    with schema_context(company_a.schema_name):
        assert Shift.objects.get(pk=shift_a.pk).cover == cover
    assert gaps(coverage_of(company_a, site_a, *night), gate_a) == []


def test_someone_absent_without_cover_leaves_a_gap(company_a, site_a, gate_a, shift_a):
    with schema_context(company_a.schema_name):
        assert mark_absent(shift_a, by=None, note="发烧") is None
    night = (shanghai(2026, 12, 1, 22), shanghai(2026, 12, 2, 6))
    assert gaps(coverage_of(company_a, site_a, *night), gate_a) == [
        (night[0], shanghai(2026, 12, 2), 1),
        (shanghai(2026, 12, 2), night[1], 1),
    ]


def test_a_shift_is_marked_absent_once_and_covered_by_someone_else(company_a, shift_a):
    self_cover = refusal(company_a, mark_absent, shift_a, by=None, cover=shift_a.person)
    with schema_context(company_a.schema_name):
        mark_absent(shift_a, by=None)
    twice = refusal(company_a, mark_absent, shift_a, by=None)
    assert self_cover.message_dict == {"cover": ["Someone else must cover the shift."]}
    assert twice.messages == ["This shift is already marked absent."]


def test_a_cover_already_at_the_gate_is_refused_and_the_shift_stays_as_it_was(
    company_a, gate_a, shift_a
):
    wang = make_person(company_a, name="王保安")
    make_shift(company_a, gate_a, wang, shanghai(2026, 12, 1, 22), shanghai(2026, 12, 2, 6))
    error = refusal(company_a, mark_absent, shift_a, by=None, cover=wang)
    assert error.messages == ["王保安 already has a shift at 南门 starting 12/01/2026 10 p.m.."]
    assert [(row[1], row[-1]) for row in roster_of(company_a)] == [
        ("李志愿", False),
        ("王保安", False),
    ]


# Rotas


def test_people_rotate_through_the_morning_afternoon_and_night(company_a, rota_a):
    with schema_context(company_a.schema_name):
        assert generate_shifts(rota_a, by=None, first=DAY, last=DAY + datetime.timedelta(2)) == 9
    roster = roster_of(company_a)
    assert [who for _gate, who, *_times in roster] == [
        *("李志愿", "王保安", "张保安"),
        *("王保安", "张保安", "李志愿"),
        *("张保安", "李志愿", "王保安"),
    ]
    assert [(starts, ends) for _gate, _who, starts, ends, _absent in roster[:3]] == [
        (shanghai(2026, 12, 1, 6), shanghai(2026, 12, 1, 14)),
        (shanghai(2026, 12, 1, 14), shanghai(2026, 12, 1, 22)),
        (shanghai(2026, 12, 1, 22), shanghai(2026, 12, 2, 6)),
    ]


def test_a_generated_rota_leaves_no_gap(company_a, site_a, gate_a, rota_a):
    with schema_context(company_a.schema_name):
        generate_shifts(rota_a, by=None, first=DAY, last=DAY + datetime.timedelta(6))
    coverage = coverage_of(company_a, site_a, shanghai(2026, 12, 1, 6), shanghai(2026, 12, 8, 6))
    assert gaps(coverage, gate_a) == [] and coverage.clashes == []


def test_generating_a_rota_twice_creates_nothing_twice_even_after_a_swap(company_a, rota_a):
    mornings = [shanghai(2026, 12, 1, 6), shanghai(2026, 12, 2, 6)]
    with schema_context(company_a.schema_name):
        generate_shifts(rota_a, by=None, first=DAY, last=DAY + datetime.timedelta(1))
        tuesday, wednesday = Shift.objects.filter(starts_at__in=mornings)
        swap_shifts(tuesday, wednesday, by=None)
        swapped = roster_of(company_a)
        again = generate_shifts(rota_a, by=None, first=DAY, last=DAY + datetime.timedelta(1))
        longer = generate_shifts(rota_a, by=None, first=DAY, last=DAY + datetime.timedelta(3))
    assert (again, longer) == (0, 6)
    assert [who for _gate, who, starts, *_ in swapped if starts in mornings] == ["王保安", "李志愿"]
    assert roster_of(company_a)[:6] == swapped
    assert len(roster_of(company_a)) == 12


def test_a_rota_does_not_duplicate_a_shift_someone_already_added(
    company_a, gate_a, person_a, rota_a
):
    make_shift(company_a, gate_a, person_a, shanghai(2026, 12, 1, 6), shanghai(2026, 12, 1, 14))
    with schema_context(company_a.schema_name):
        created = generate_shifts(rota_a, by=None, first=DAY, last=DAY)
    assert created == 2
    assert [row[1] for row in roster_of(company_a)] == ["李志愿", "王保安", "张保安"]


@pytest.mark.parametrize(
    ("first", "last", "field", "message"),
    [
        (DAY, DAY - datetime.timedelta(1), "last", "The last day must not be before the first."),
        (DAY, DAY + datetime.timedelta(92), "last", "Generate at most 92 days at a time."),
        (DAY - datetime.timedelta(1), DAY, "first", "The rota starts on 2026-12-01."),
    ],
)
def test_a_rota_is_generated_from_its_first_day_for_at_most_three_months(
    company_a, rota_a, first, last, field, message
):
    error = refusal(company_a, generate_shifts, rota_a, by=None, first=first, last=last)
    assert error.message_dict == {field: [message]}
    assert roster_of(company_a) == []


def test_a_rota_needs_a_name_own_gates_and_enough_different_people(
    company_a, site_a, gate_a, person_a
):
    other_site = make_site(company_a, name="虹桥花园")
    elsewhere = make_gate(company_a, other_site, name="虹桥东门")
    shared = make_gate(company_a, site_a, name="共用东门", responsible=False)
    wang = make_person(company_a, name="王保安")

    def rota(**fields):
        values = {
            "name": "两班倒",
            "gates": [gate_a],
            "slots": [["08:00", "20:00"], ["20:00", "08:00"]],
            "people": [person_a, wang],
            "starts_on": DAY,
            **fields,
        }
        return refusal(company_a, create_rota, site_a, by=None, **values).message_dict

    assert rota(name=" ") == {"name": ["Give the rota a name."]}
    own_gates = {"gates": ["Choose gates of this site that this company staffs."]}
    assert rota(gates=[elsewhere]) == own_gates
    assert rota(gates=[gate_a, shared]) == own_gates
    assert rota(gates=[]) == own_gates
    assert rota(people=[person_a, person_a]) == {
        "people": ["Choose the people of the rota, each once."]
    }
    assert rota(slots=[["08:00", "20:00", 3]]) == {
        "people": ["One shift of this rota needs 3 people at once: choose that many."]
    }
    assert rota(slots=[]) == {"slots": ["Give at least one shift, e.g. 08:00-20:00."]}
    assert rota(slots=[["08:00", "20:00", 0]]) == {"slots": ["Between 1 and 20 people per shift."]}
    with schema_context(company_a.schema_name):
        assert not Rota.objects.exists()


# Coverage from the database


def test_a_gate_closed_mid_week_needs_nobody_from_then_on(company_a, site_a, gate_a, manager_a):
    with schema_context(company_a.schema_name):
        change_gate_status(
            gate_a, GateStatus.CLOSED, by=manager_a, reason="封闭管理", at=shanghai(2026, 12, 2, 12)
        )
    coverage = coverage_of(company_a, site_a, MONDAY, NEXT_MONDAY)
    # Monday 00:00 to Wednesday noon, one gap per day, then nothing.
    assert gaps(coverage, gate_a) == [
        (MONDAY, shanghai(2026, 12, 1), 1),
        (shanghai(2026, 12, 1), shanghai(2026, 12, 2), 1),
        (shanghai(2026, 12, 2), shanghai(2026, 12, 2, 12), 1),
    ]
    assert coverage.uncovered_hours(gate_a.pk) == 60


def test_a_gate_reopened_later_in_the_week_needs_people_again(company_a, site_a, gate_a):
    with schema_context(company_a.schema_name):
        change_gate_status(
            gate_a, GateStatus.CLOSED, by=None, reason="封闭管理", at=shanghai(2026, 11, 20)
        )
        change_gate_status(gate_a, GateStatus.OPEN, by=None, at=shanghai(2026, 12, 6, 8))
    coverage = coverage_of(company_a, site_a, MONDAY, NEXT_MONDAY)
    assert gaps(coverage, gate_a) == [(shanghai(2026, 12, 6, 8), NEXT_MONDAY, 1)]


def test_a_gate_another_company_staffs_stays_out_of_coverage(company_a, site_a, gate_a, person_a):
    shared = make_gate(company_a, site_a, name="共用东门")
    staff(company_a, gate_a, person_a, MONDAY, NEXT_MONDAY)
    assert coverage_of(company_a, site_a, MONDAY, NEXT_MONDAY).uncovered_hours(shared.pk) == 168
    with schema_context(company_a.schema_name):
        update_gate(shared, by=None, responsible=False)
    coverage = coverage_of(company_a, site_a, MONDAY, NEXT_MONDAY)
    assert coverage.gaps == [] and coverage.uncovered_hours() == 0


def test_coverage_counts_the_gates_hours_and_night_staffing(company_a, site_a, gate_a, shift_a):
    east = make_gate(company_a, site_a, name="东门", opening_hours=[["06:00", "22:00"]])
    with schema_context(company_a.schema_name):
        update_gate(
            gate_a, by=None, staffing_rules=[{"from": "22:00", "until": "06:00", "minimum": 2}]
        )
    night = (shanghai(2026, 12, 1, 22), shanghai(2026, 12, 2, 6))
    coverage = coverage_of(company_a, site_a, *night)
    # One person at night where two are needed; the east gate is shut at night anyway.
    assert gaps(coverage, gate_a) == [
        (night[0], shanghai(2026, 12, 2), 1),
        (shanghai(2026, 12, 2), night[1], 1),
    ]
    assert gaps(coverage, east) == []


def test_someone_booked_at_two_gates_at_once_is_a_clash(company_a, site_a, gate_a, shift_a):
    east = make_gate(company_a, site_a, name="东门")
    make_shift(company_a, east, shift_a.person, shanghai(2026, 12, 2, 4), shanghai(2026, 12, 2, 12))
    coverage = coverage_of(company_a, site_a, shanghai(2026, 12, 1, 22), shanghai(2026, 12, 2, 12))
    assert [(c.start, c.end) for c in coverage.clashes] == [
        (shanghai(2026, 12, 2, 4), shanghai(2026, 12, 2, 6))
    ]


# Two companies


def test_a_company_sees_only_its_own_people_and_shifts(company_a, company_b, shift_a, shift_b):
    for company, rows in [(company_a, [("南门", "李志愿")]), (company_b, [("北门", "朴志愿")])]:
        with schema_context(company.schema_name):
            shifts = Shift.objects.visible_to(manager()).select_related("gate", "person")
            assert [(s.gate.name, s.person.name) for s in shifts] == rows
            assert [p.name for p in DutyPerson.objects.visible_to(manager())] == [rows[0][1]]


def test_names_of_another_companys_people_are_free_to_use(company_a, company_b, person_b):
    make_person(company_a, name="朴志愿")
    assert set(people_of(company_a)) == set(people_of(company_b)) == {"朴志愿"}


def test_another_companys_shifts_never_fill_this_companys_gaps(
    company_a, company_b, site_a, gate_a, shift_b
):
    night = (shanghai(2026, 12, 1, 22), shanghai(2026, 12, 2, 6))
    assert gaps(coverage_of(company_a, site_a, *night), gate_a) == [
        (night[0], shanghai(2026, 12, 2), 1),
        (shanghai(2026, 12, 2), night[1], 1),
    ]


def test_changing_a_roster_leaves_the_other_companys_roster_as_it_was(
    company_a, company_b, shift_a, shift_b, rota_a
):
    beta_before = roster_of(company_b)
    wang = make_person(company_a, name="王保安 (2)")
    with schema_context(company_a.schema_name):
        generate_shifts(rota_a, by=None, first=DAY, last=DAY + datetime.timedelta(1))
        mark_absent(shift_a, by=None, cover=wang)
        delete_shift(Shift.objects.filter(rota=rota_a).first(), by=None)
    assert roster_of(company_b) == beta_before
    assert beta_before == [
        ("北门", "朴志愿", shanghai(2026, 12, 1, 22), shanghai(2026, 12, 2, 6), False)
    ]
