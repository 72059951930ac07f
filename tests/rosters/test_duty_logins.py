"""Guards on the roster get a login in one step, and a sign-in on a gate's phone lasts a shift."""

import datetime
import re

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from django_tenants.utils import schema_context

from accounts.models import Membership, User
from accounts.roles import Role
from tenants.history.models import LogEntry
from tenants.rosters.models import DutyPerson
from tests.conftest import PASSWORD, host_of, make_person, make_shift

pytestmark = pytest.mark.django_db

PIN = "482913"


@pytest.fixture
def manager_client(client_for, company_a, manager_a):
    return client_for(company_a, manager_a)


@pytest.fixture
def on_the_roster(company_a, gate_a):
    """赵门卫 has a mobile number and a night shift at alpha's gate, and no login yet."""
    person = make_person(company_a, name="赵门卫", phone="13700137000")
    start = timezone.now() + datetime.timedelta(days=1)
    make_shift(company_a, gate_a, person, start, start + datetime.timedelta(hours=8))
    return person


def shown_code(response) -> str:
    return re.search(r'class="code"[^>]*>([A-Z0-9 ]+)<', response.content.decode())[1]


def test_someone_on_the_roster_gets_a_login_in_one_step_and_signs_in_with_its_code(
    manager_client, client_for, company_a, site_a, on_the_roster, manager_a
):
    people_page = manager_client.get("/people/").content.decode()
    assert f"/people/{on_the_roster.pk}/login/" in people_page

    response = manager_client.post(f"/people/{on_the_roster.pk}/login/")

    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    code = shown_code(response)
    user = User.objects.get(phone="+8613700137000")
    assert user.full_name == "赵门卫"
    assert user.memberships.get(company=company_a).role == Role.GUARD
    with schema_context(company_a.schema_name):
        on_the_roster.refresh_from_db()
        assert on_the_roster.user_id == user.pk
        # A guard at the sites whose gates they stand at.
        assert site_a.assigned_users.filter(pk=user.pk).exists()
        entry = LogEntry.objects.about(on_the_roster).first()
        assert entry.action == "duty_person.login_given"
        assert entry.actor_user_id == manager_a.pk

    phone = client_for(company_a)
    data = {"phone": "137 0013 7000", "code": code, "password1": PIN, "password2": PIN}
    assert phone.post("/accounts/code/", data).status_code == 302
    # Their own shifts: the roster and the login are one person.
    assert "南门" in phone.get("/m/shifts/").content.decode()
    # Once linked, the people page shows how they sign in, and offers no second login.
    again = manager_client.get("/people/").content.decode()
    assert f"/people/{on_the_roster.pk}/login/" not in again
    assert "+8613700137000" in again


def test_a_number_that_already_has_a_login_here_is_linked_without_a_code(
    manager_client, company_a, on_the_roster
):
    user = User.objects.create_user(None, full_name="赵门卫", phone="+8613700137000")
    Membership.objects.create(user=user, company=company_a, role=Role.GUARD)

    response = manager_client.post(f"/people/{on_the_roster.pk}/login/", follow=True)

    assert 'class="code"' not in response.content.decode()
    with schema_context(company_a.schema_name):
        assert DutyPerson.objects.get(pk=on_the_roster.pk).user_id == user.pk
    assert User.objects.filter(phone="+8613700137000").count() == 1


def test_someone_without_a_mobile_number_is_asked_for_it_and_nothing_changes(
    manager_client, company_a, person_a
):
    response = manager_client.post(f"/people/{person_a.pk}/login/", follow=True)
    assert "请先添加" in response.content.decode()
    with schema_context(company_a.schema_name):
        assert DutyPerson.objects.get(pk=person_a.pk).user_id is None
    assert not Membership.objects.filter(company=company_a, role=Role.GUARD).exists()


def test_only_managers_give_logins_and_an_outsider_reaches_nobody(
    client_for, company_a, company_b, site_manager_a, outsider, on_the_roster, make_member
):
    site_manager = client_for(company_a, site_manager_a)
    assert site_manager.post(f"/people/{on_the_roster.pk}/login/").status_code == 403
    # A manager of another company, on their own host, does not find alpha's person.
    beta_manager = make_member(company_b, Role.MANAGER, email="boss@beta.test")
    beta = client_for(company_b, beta_manager)
    assert beta.post(f"/people/{on_the_roster.pk}/login/").status_code == 404
    assert (
        client_for(company_a, outsider).post(f"/people/{on_the_roster.pk}/login/").status_code
        == 403
    )
    assert not User.objects.filter(phone="+8613700137000").exists()


def sign_in_on_the_gate_phone(company, username, password) -> Client:
    client = Client(HTTP_HOST=host_of(company))
    response = client.post("/accounts/login/", {"username": username, "password": password})
    assert response.status_code == 302
    return client


def seconds_left(client) -> float:
    return (client.session.get_expiry_date() - timezone.now()).total_seconds()


def test_a_guard_on_shift_is_signed_in_until_the_shift_ends_and_a_handover(
    company_a, gate_a, guard_a
):
    person = make_person(company_a, name="刘门卫", user=guard_a)
    now = timezone.now()
    make_shift(company_a, gate_a, person, now - datetime.timedelta(hours=2),
               now + datetime.timedelta(hours=6))  # fmt: skip

    phone = sign_in_on_the_gate_phone(company_a, guard_a.email, PASSWORD)

    assert abs(seconds_left(phone) - (6.5 * 3600)) < 120


def test_a_guard_with_no_shift_now_and_a_cleaner_get_a_shift_long_sign_in(
    company_a, guard_a, make_member
):
    cleaner = make_member(company_a, Role.CLEANER, email="cleaner@alpha.test")
    for user in (guard_a, cleaner):
        phone = sign_in_on_the_gate_phone(company_a, user.email, PASSWORD)
        assert abs(seconds_left(phone) - settings.PHONE_SESSION_HOURS * 3600) < 120


def test_a_manager_at_a_desk_keeps_the_usual_session(company_a, manager_a):
    desk = sign_in_on_the_gate_phone(company_a, manager_a.email, PASSWORD)
    assert abs(seconds_left(desk) - settings.SESSION_COOKIE_AGE) < 120
