"""Logins by mobile number for staff without e-mail, enrolled with a one-time code."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from django_tenants.utils import schema_context

from accounts.models import SignInCode, User
from accounts.roles import Role
from accounts.sign_in_codes import create_mobile_login
from audit.models import PlatformLogEntry
from tests.conftest import PUBLIC_HOST, host_of

PHONE = "+8613800138000"
PIN = "482913"
PASSWORD = "lantern-quietly-harbour-42"


@pytest.fixture
def manager_client(client_for, company_a, manager_a):
    return client_for(company_a, manager_a)


def create(manager_client, **fields):
    data = {"full_name": "王保安", "phone": "138 0013 8000", "role": "guard", **fields}
    return manager_client.post("/staff/mobile/", data)


def shown_code(response) -> str:
    """The code on the manager's screen, as they would read it out."""
    return re.search(r'class="code"[^>]*>([A-Z0-9 ]+)<', response.content.decode())[1]


def enrol(client, code, phone="13800138000", secret=PIN):
    return client.post(
        "/accounts/code/", {"phone": phone, "code": code, "password1": secret, "password2": secret}
    )


def sign_in(client, username, password):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_a_mobile_login_is_enrolled_with_a_one_time_code_and_signs_in(
    manager_client, client_for, company_a, site_a
):
    response = create(manager_client, sites=[site_a.pk])
    assert response.status_code == 200
    code = shown_code(response)
    assert len(code.replace(" ", "")) == 8
    assert "data:image/svg+xml" in response.content.decode()
    user = User.objects.get(phone=PHONE)
    assert user.email is None and not user.has_usable_password()
    assert user.memberships.get(company=company_a).role == Role.GUARD
    with schema_context(company_a.schema_name):
        assert site_a.assigned_users.filter(pk=user.pk).exists()
    # Only a keyed hash is kept.
    assert code.replace(" ", "") not in SignInCode.objects.get().code_hash

    phone = client_for(company_a)
    assert phone.get("/accounts/code/?phone=%2B8613800138000&code=X").status_code == 200
    # Typed in lower case with the space, as read off the screen: still the code.
    assert enrol(phone, code.lower()).status_code == 302
    assert phone.get("/m/shifts/").status_code == 200
    user.refresh_from_db()
    assert user.check_password(PIN)
    assert SignInCode.objects.get().used_at is not None

    # Afterwards the normal sign-in form takes the mobile number, however it is typed.
    for typed in ("13800138000", "+86 138 0013 8000", " 138-0013-8000 "):
        later = Client(HTTP_HOST=PUBLIC_HOST)
        assert sign_in(later, typed, PIN).status_code == 302, typed


def test_a_password_instead_of_a_pin_follows_the_password_rules(
    manager_client, client_for, company_a
):
    code = shown_code(create(manager_client))
    phone = client_for(company_a)
    assert enrol(phone, code, secret="12345678").status_code == 400
    # Django's own rule, in the reader's language like every other message.
    too_short = enrol(phone, code, secret="k7#q")
    assert "密码长度太短。密码必须包含至少 8 个字符。" in too_short.content.decode()
    assert not User.objects.get(phone=PHONE).has_usable_password()
    assert enrol(phone, code, secret=PASSWORD).status_code == 302
    assert sign_in(Client(HTTP_HOST=host_of(company_a)), "13800138000", PASSWORD).status_code == 302


def test_an_expired_code_is_refused_clearly_and_changes_nothing(
    manager_client, client_for, company_a
):
    code = shown_code(create(manager_client))
    SignInCode.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    response = enrol(client_for(company_a), code, secret=PIN)
    assert response.status_code == 400
    assert "此登录码已过期" in response.content.decode()
    assert not User.objects.get(phone=PHONE).has_usable_password()
    assert SignInCode.objects.get().used_at is None


def test_a_used_code_is_refused_clearly_and_changes_nothing(manager_client, client_for, company_a):
    code = shown_code(create(manager_client))
    assert enrol(client_for(company_a), code).status_code == 302
    response = enrol(client_for(company_a), code, secret="999999")
    assert response.status_code == 400
    # In the company's language, Chinese by default.
    assert "已经用过" in response.content.decode()
    assert User.objects.get(phone=PHONE).check_password(PIN)


def test_a_wrong_code_or_another_number_signs_nobody_in(manager_client, client_for, company_a):
    code = shown_code(create(manager_client))
    assert enrol(client_for(company_a), "ABCD EFGH").status_code == 400
    assert enrol(client_for(company_a), code, phone="13900139000").status_code == 400
    assert SignInCode.objects.get().used_at is None


def test_a_managers_reset_gives_a_new_code_and_ends_sessions(manager_client, client_for, company_a):
    old = shown_code(create(manager_client))
    assert enrol(client_for(company_a), old).status_code == 302
    user = User.objects.get(phone=PHONE)
    signed_in = client_for(company_a, user)
    assert signed_in.get("/m/shifts/").status_code == 200
    membership = user.memberships.get(company=company_a)

    response = manager_client.post(f"/staff/{membership.pk}/code/")
    assert response.status_code == 200
    new = shown_code(response)
    assert signed_in.get("/m/shifts/").status_code == 302
    user.refresh_from_db()
    assert not user.has_usable_password()
    assert enrol(client_for(company_a), new, secret="271828").status_code == 302


def test_a_reset_replaces_an_unused_code(manager_client, client_for, company_a):
    old = shown_code(create(manager_client))
    membership = User.objects.get(phone=PHONE).memberships.get()
    manager_client.post(f"/staff/{membership.pk}/code/")
    assert enrol(client_for(company_a), old).status_code == 400


def test_the_number_is_unique_on_the_platform(manager_client, company_a, company_b, outsider):
    create(manager_client)
    response = create(manager_client, phone="+86 13800138000")
    assert response.status_code == 400
    assert User.objects.filter(phone=PHONE).count() == 1
    # Another company taking on the same person adds a membership, not a second account.
    created = create_mobile_login(
        company=company_b, full_name="王保安", phone="13800138000", role="guard", by=outsider
    )
    assert created.issued is None
    assert User.objects.get(phone=PHONE).memberships.count() == 2


def test_an_invalid_number_is_refused(manager_client):
    assert create(manager_client, phone="12345").status_code == 400
    assert not User.objects.filter(full_name="王保安").exists()


@pytest.mark.parametrize("typed", ["13800138000", "138 0013 8000", "+86 138 0013 8000"])
def test_five_wrong_passwords_by_mobile_number_lock_the_account(
    manager_client, client_for, company_a, typed
):
    code = shown_code(create(manager_client))
    enrol(client_for(company_a), code)
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(Client(HTTP_HOST=PUBLIC_HOST, REMOTE_ADDR="203.0.113.7"), typed, "000000")
    for spelling in ("13800138000", "+8613800138000", "138 0013 8000"):
        attempt = Client(HTTP_HOST=PUBLIC_HOST, REMOTE_ADDR="203.0.113.7")
        assert sign_in(attempt, spelling, PIN).status_code == 429, spelling


def test_too_many_wrong_codes_for_a_number_stop_its_open_code(
    manager_client, client_for, company_a, settings
):
    settings.SIGN_IN_CODE_TRIES_PER_PHONE = "3/15m"
    code = shown_code(create(manager_client))
    guesser = client_for(company_a)
    for _attempt in range(2):
        assert "不匹配" in enrol(guesser, "ABCD EFGH").content.decode()
    response = enrol(guesser, "ABCD EFGH")
    assert response.status_code == 400
    assert "错误的登录码太多" in response.content.decode()
    # Whoever was guessing gains nothing by going on: the real code no longer works either.
    assert enrol(client_for(company_a), code).status_code == 400
    assert not User.objects.get(phone=PHONE).has_usable_password()
    entry = PlatformLogEntry.objects.get(action="sign_in_code.voided")
    assert entry.company_id == company_a.pk and entry.actor_label == "sign_in_code_tries"
    # The manager gives a new code, and it works at once.
    membership = User.objects.get(phone=PHONE).memberships.get()
    new = shown_code(manager_client.post(f"/staff/{membership.pk}/code/"))
    assert enrol(client_for(company_a), new).status_code == 302


def test_wrong_codes_from_one_network_are_refused_with_429(
    manager_client, client_for, company_a, settings
):
    settings.SIGN_IN_CODE_TRIES_PER_CLIENT = "2/h"
    code = shown_code(create(manager_client))
    network = client_for(company_a)
    network.defaults["REMOTE_ADDR"] = "203.0.113.9"
    for number in ("13900139001", "13900139002"):
        assert enrol(network, "ABCD EFGH", phone=number).status_code == 400
    response = enrol(network, code)
    assert response.status_code == 429
    assert "来自此网络的错误登录码太多" in response.content.decode()
    assert int(response["Retry-After"]) > 0
    assert not User.objects.get(phone=PHONE).has_usable_password()
    # Another network is not held up.
    assert enrol(client_for(company_a), code).status_code == 302
