"""Signing in on the platform host and being carried on to one's company, once, safely."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client

from accounts.context_processors import PermissionLookup
from accounts.models import Membership, Role, User
from accounts.roles import role_has_permission
from tests.conftest import PASSWORD, PUBLIC_HOST, host_of

ADDRESS = "203.0.113.7"


def browser(host: str = PUBLIC_HOST, **headers) -> Client:
    """A fresh browser on one host: its cookies belong to that host alone."""
    return Client(HTTP_HOST=host, REMOTE_ADDR=ADDRESS, **headers)


def sign_in(client: Client, email: str, password: str = PASSWORD):
    return client.post("/accounts/login/", {"username": email, "password": password})


def is_signed_in(client: Client) -> bool:
    # The landing page sends anonymous visitors to the sign-in form.
    response = client.get("/accounts/")
    return not response["Location"].startswith("/accounts/login/")


def handoff_link(client: Client, slug: str) -> str:
    """Follow the platform's redirects for a signed-in member to their company's handoff URL."""
    entered = client.get(f"/accounts/enter/{slug}/")
    assert entered.status_code == 302
    return entered["Location"]


def path_and_query(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def test_a_member_of_one_company_is_sent_on_to_its_portal(company_a, manager_a):
    platform = browser()
    response = sign_in(platform, manager_a.email)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/"
    landing = platform.get("/accounts/")
    assert landing.status_code == 302
    assert landing["Location"] == "/accounts/enter/alpha/"
    link = urlsplit(handoff_link(platform, "alpha"))
    assert link.hostname == host_of(company_a) == "alpha.localhost"
    assert link.path == "/accounts/handoff/"
    assert parse_qs(link.query)["token"][0]
    if settings.PORTAL_PORT:
        assert link.port == int(settings.PORTAL_PORT)


def test_the_handoff_link_signs_the_member_in_on_the_company_host(company_a, manager_a):
    platform = browser()
    sign_in(platform, manager_a.email)
    link = handoff_link(platform, "alpha")
    portal = browser(host_of(company_a))
    assert portal.get("/").status_code == 302
    response = portal.get(path_and_query(link))
    assert response.status_code == 302
    assert portal.get("/").status_code == 200
    assert "甲物业" in portal.get("/").text


def test_a_handoff_link_works_only_once(company_a, manager_a):
    platform = browser()
    sign_in(platform, manager_a.email)
    link = path_and_query(handoff_link(platform, "alpha"))
    first = browser(host_of(company_a))
    first.get(link)
    assert first.get("/").status_code == 200
    replay = browser(host_of(company_a), HTTP_ACCEPT_LANGUAGE="en")
    response = replay.get(link)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    page = replay.get(response["Location"])
    assert "That sign-in link has expired. Please sign in again." in page.text
    assert replay.get("/").status_code == 302


def test_a_handoff_link_for_one_company_does_not_sign_in_on_another(
    company_a, company_b, make_member
):
    member = make_member(company_a, Role.MANAGER)
    Membership.objects.create(user=member, company=company_b, role=Role.MANAGER)
    platform = browser()
    sign_in(platform, member.email)
    link = path_and_query(handoff_link(platform, "alpha"))
    beta = browser(host_of(company_b))
    response = beta.get(link)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert beta.get("/").status_code == 302


def test_a_forged_handoff_token_signs_nobody_in(company_a):
    portal = browser(host_of(company_a))
    response = portal.get("/accounts/handoff/?token=forged")
    assert response["Location"].startswith("/accounts/login/")
    assert portal.get("/").status_code == 302


def test_a_member_of_two_companies_chooses_one(company_a, company_b, make_member):
    member = make_member(company_a, Role.VIEWER, email="both@example.test")
    Membership.objects.create(user=member, company=company_b, role=Role.GUARD)
    platform = browser()
    sign_in(platform, "both@example.test")
    page = platform.get("/accounts/")
    assert page.status_code == 200
    assert "甲物业" in page.text and "乙物业" in page.text
    assert "/accounts/enter/alpha/" in page.text and "/accounts/enter/beta/" in page.text


def test_a_member_cannot_enter_a_company_they_do_not_belong_to(company_b, manager_a):
    platform = browser()
    sign_in(platform, manager_a.email)
    assert platform.get("/accounts/enter/beta/").status_code == 404


def test_a_regulator_lands_in_the_regulator_area(regulator_user):
    platform = browser()
    assert sign_in(platform, regulator_user.email).status_code == 302
    landing = platform.get("/accounts/")
    assert landing.status_code == 302
    assert landing["Location"] == "/regulator/"
    assert platform.get("/regulator/").status_code == 200


def test_a_wrong_password_shows_an_error(manager_a):
    platform = browser(HTTP_ACCEPT_LANGUAGE="en")
    response = sign_in(platform, manager_a.email, "not-the-password")
    assert response.status_code == 200
    assert "Please enter a correct" in response.text
    assert not is_signed_in(platform)


def test_the_sign_in_error_is_in_chinese_by_default(manager_a):
    response = sign_in(browser(), manager_a.email, "not-the-password")
    assert response.status_code == 200
    assert "请输入一个正确的" in response.text


def test_the_email_is_not_case_sensitive(manager_a):
    platform = browser()
    assert sign_in(platform, manager_a.email.upper()).status_code == 302
    assert is_signed_in(platform)


def test_repeated_failures_lock_the_account_even_for_the_right_password(manager_a):
    platform = browser()
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(platform, manager_a.email, "not-the-password")
    response = sign_in(platform, manager_a.email)
    assert response.status_code == 429
    assert not is_signed_in(platform)


def spellings(email: str) -> list[str]:
    """One address as people type it: as stored, in capitals, and capitalised between spaces."""
    return [email, email.upper(), f"  {email[0].upper()}{email[1:]} "]


HOSTS = pytest.mark.parametrize("on_company_host", [False, True], ids=["platform", "company"])


@HOSTS
@pytest.mark.parametrize("failing", [0, 1, 2], ids=["lower", "upper", "mixed-with-spaces"])
def test_failures_under_one_spelling_lock_the_account_under_every_spelling(
    company_a, manager_a, failing, on_company_host
):
    host = host_of(company_a) if on_company_host else PUBLIC_HOST
    typed = spellings(manager_a.email)
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(browser(host), typed[failing], "not-the-password")
    for spelling in typed:
        attempt = browser(host)
        assert sign_in(attempt, spelling).status_code == 429, spelling
        assert not is_signed_in(attempt)
    # Nothing above let anyone in, so the spelling that failed is still locked.
    assert sign_in(browser(host), typed[failing]).status_code == 429


@HOSTS
def test_failures_under_different_spellings_add_up_to_one_lock(
    company_a, manager_a, on_company_host
):
    host = host_of(company_a) if on_company_host else PUBLIC_HOST
    typed = spellings(manager_a.email)
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(browser(host), typed[attempt % len(typed)], "not-the-password")
    assert sign_in(browser(host), manager_a.email).status_code == 429


def test_guesses_at_an_address_without_an_account_add_up_under_every_spelling(db):
    typed = spellings("nobody@alpha.test")
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(browser(), typed[attempt % len(typed)], "not-the-password")
    response = sign_in(browser(), "NoBody@Alpha.test")
    assert response.status_code == 429


def test_failures_below_the_limit_do_not_lock_the_account(manager_a):
    platform = browser()
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(platform, manager_a.email, "not-the-password")
    assert sign_in(platform, manager_a.email).status_code == 302
    assert is_signed_in(platform)


def test_a_locked_account_does_not_lock_other_people(manager_a, make_member, company_a):
    colleague = make_member(company_a, Role.VIEWER)
    platform = browser()
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(platform, manager_a.email, "not-the-password")
    other = browser()
    assert sign_in(other, colleague.email).status_code == 302
    assert is_signed_in(other)


def test_signing_out_ends_the_session(manager_a):
    platform = browser()
    sign_in(platform, manager_a.email)
    assert is_signed_in(platform)
    response = platform.post("/accounts/logout/")
    assert response.status_code == 302
    assert not is_signed_in(platform)


def test_signing_out_on_the_company_host_ends_the_portal_session(client_for, company_a, manager_a):
    portal = client_for(company_a, manager_a)
    assert portal.get("/").status_code == 200
    assert portal.post("/accounts/logout/").status_code == 302
    assert portal.get("/").status_code == 302


@pytest.mark.parametrize("password", ["12345678", "password", "short"])
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_strong_password_is_accepted():
    validate_password(PASSWORD)


class RoleAccess:
    """What a member of one role may do, as templates ask it through `perms_for`."""

    def __init__(self, role):
        self.role = role

    def has(self, permission):
        return role_has_permission(self.role, permission)


@pytest.mark.parametrize(
    ("role", "expected"), [(Role.MANAGER, True), (Role.SITE_MANAGER, False), (Role.GUARD, False)]
)
def test_templates_ask_for_a_permission_whose_area_has_an_underscore(role, expected):
    perms_for = PermissionLookup(RoleAccess(role))
    assert perms_for.personal_data_reveal is expected
    assert perms_for.gate_view is (role != Role.GUARD)


def test_an_account_cannot_be_added_for_an_address_that_differs_only_by_case(
    client_for, make_member, company_a
):
    make_member(company_a, "guard", email="guard@alpha.test")
    admin = User.objects.create_superuser("root@platform.test", PASSWORD)
    response = client_for(None, admin).post(
        "/admin/accounts/user/add/",
        {"email": " Guard@ALPHA.test ", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 200
    assert "已有使用此电子邮件地址的账号。" in response.content.decode()
    assert User.objects.filter(email__iexact="guard@alpha.test").count() == 1


def test_the_database_refuses_a_second_account_differing_only_by_case(db):
    User.objects.create_user("inspector@shwy.test", PASSWORD)
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(email="Inspector@SHWY.test")
