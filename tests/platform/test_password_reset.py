"""A forgotten password, reset by a link e-mailed to the account's address, on any host."""

import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client, RequestFactory

from accounts.models import Role, User
from accounts.passwords import send_password_reset
from audit.models import PlatformLogEntry
from companies.services import create_company
from tests.conftest import PASSWORD, PUBLIC_HOST, host_of

NEW_PASSWORD = "lantern-quietly-harbour-42"
ADDRESS = "203.0.113.9"


def browser(host: str = PUBLIC_HOST, **headers) -> Client:
    return Client(HTTP_HOST=host, REMOTE_ADDR=ADDRESS, **headers)


def ask(client: Client, email: str):
    return client.post("/accounts/password/reset/", {"email": email})


def reset_link(message) -> tuple[str, str]:
    """The host and path of the one link in a reset e-mail."""
    url = re.search(r"https?://\S+/accounts/password/reset/\S+/\S+/", message.body)[0]
    parts = urlsplit(url)
    return parts.netloc, parts.path


def choose(client: Client, path: str, password: str = NEW_PASSWORD):
    """Open the link, then send the new password from the page it leads to."""
    opened = client.get(path)
    assert opened.status_code == 302, opened.content[:300]
    page = client.get(opened["Location"])
    assert page.status_code == 200
    return client.post(opened["Location"], {"new_password1": password, "new_password2": password})


def signs_in(email: str, password: str, host: str = PUBLIC_HOST) -> bool:
    response = browser(host).post("/accounts/login/", {"username": email, "password": password})
    return response.status_code == 302


@pytest.fixture
def guard(make_member, company_a):
    return make_member(company_a, Role.GUARD, email="guard@alpha.test")


def test_the_sign_in_page_links_to_the_reset_form(db):
    page = browser(HTTP_ACCEPT_LANGUAGE="en").get("/accounts/login/")
    assert 'href="/accounts/password/reset/"' in page.text
    form = browser(HTTP_ACCEPT_LANGUAGE="en").get("/accounts/password/reset/")
    assert form.status_code == 200
    # Those without e-mail are told where their reset comes from.
    assert "Ask your manager for a new sign-in code." in form.text


def test_a_known_address_gets_one_link_that_sets_a_new_password_on_its_host(
    guard, company_a, client_for
):
    host = host_of(company_a)
    still_signed_in = client_for(company_a, guard)
    assert still_signed_in.get("/m/shifts/").status_code == 200

    response = ask(browser(host), "guard@alpha.test")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/sent/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["guard@alpha.test"]
    link_host, path = reset_link(message)
    assert link_host == host

    done = choose(browser(host), path)
    assert done.status_code == 302
    assert done["Location"] == "/accounts/password/reset/done/"
    assert browser(host).get(done["Location"]).status_code == 200

    guard.refresh_from_db()
    assert guard.check_password(NEW_PASSWORD)
    assert signs_in("guard@alpha.test", NEW_PASSWORD)
    assert not signs_in("guard@alpha.test", PASSWORD)
    # The session the guard had on another phone ended with the old password.
    assert still_signed_in.get("/m/shifts/").status_code == 302


def test_an_unknown_address_gets_the_same_answer_and_no_mail(guard):
    known = ask(browser(), "guard@alpha.test")
    unknown = ask(browser(), "nobody@alpha.test")
    assert unknown.status_code == known.status_code == 302
    assert unknown["Location"] == known["Location"]
    assert [message.to for message in mail.outbox] == [["guard@alpha.test"]]
    page = browser(HTTP_ACCEPT_LANGUAGE="en").get(unknown["Location"])
    assert "If an account has this address" in page.text


def test_the_address_is_found_however_it_is_typed(guard):
    assert ask(browser(), " Guard@ALPHA.test ").status_code == 302
    assert [message.to for message in mail.outbox] == [["guard@alpha.test"]]


def test_a_login_by_mobile_number_gets_no_mail_and_is_sent_to_its_manager(mobilemember_a):
    response = ask(browser(HTTP_ACCEPT_LANGUAGE="en"), "139 0013 9000")
    assert response.status_code == 200
    assert "ask your manager for a new sign-in code" in response.text
    assert mail.outbox == []


def test_an_inactive_account_gets_no_mail(guard):
    User.objects.filter(pk=guard.pk).update(is_active=False)
    assert ask(browser(), "guard@alpha.test").status_code == 302
    assert mail.outbox == []


def test_the_mail_is_in_the_language_of_the_request(guard):
    ask(browser(HTTP_ACCEPT_LANGUAGE="en"), "guard@alpha.test")
    ask(browser(), "guard@alpha.test")
    english, chinese = mail.outbox
    assert english.body.startswith(f"Hello {guard.full_name},")
    assert chinese.body.startswith(f"{guard.full_name}，您好：")


def test_a_used_link_shows_a_clear_page_and_changes_nothing(guard):
    ask(browser(), "guard@alpha.test")
    _host, path = reset_link(mail.outbox[0])
    choose(browser(), path)
    again = browser(HTTP_ACCEPT_LANGUAGE="en").get(path)
    assert again.status_code == 400
    assert "has expired or has already been used" in again.text
    assert 'href="/accounts/password/reset/"' in again.text
    guard.refresh_from_db()
    assert guard.check_password(NEW_PASSWORD)


def test_an_expired_link_shows_a_clear_page(guard, settings):
    ask(browser(), "guard@alpha.test")
    _host, path = reset_link(mail.outbox[0])
    settings.PASSWORD_RESET_TIMEOUT = -1
    page = browser(HTTP_ACCEPT_LANGUAGE="en").get(path)
    assert page.status_code == 400
    assert "has expired or has already been used" in page.text


def test_a_forged_link_shows_the_same_page(guard):
    page = browser(HTTP_ACCEPT_LANGUAGE="en").get("/accounts/password/reset/MQ/forged-token/")
    assert page.status_code == 400
    assert "has expired or has already been used" in page.text


def test_a_password_the_validators_refuse_is_not_set(guard):
    ask(browser(), "guard@alpha.test")
    _host, path = reset_link(mail.outbox[0])
    response = choose(browser(), path, password="12345678")
    assert response.status_code == 200
    guard.refresh_from_db()
    assert guard.check_password(PASSWORD)
    assert not PlatformLogEntry.objects.filter(action="password.reset").exists()


def test_links_for_one_address_are_limited_without_saying_so(guard, settings):
    settings.PASSWORD_RESETS_PER_ADDRESS = "2/h"
    spellings = ("guard@alpha.test", "GUARD@alpha.test", " guard@alpha.test")
    answers = [ask(browser(), spelling) for spelling in spellings]
    assert [answer.status_code for answer in answers] == [302, 302, 302]
    assert len({answer["Location"] for answer in answers}) == 1
    assert len(mail.outbox) == 2


def test_requests_from_one_network_are_limited_with_a_clear_refusal(guard, settings):
    settings.PASSWORD_RESETS_PER_CLIENT = "2/h"
    client = browser(HTTP_ACCEPT_LANGUAGE="en")
    assert ask(client, "someone@alpha.test").status_code == 302
    assert ask(client, "someone.else@alpha.test").status_code == 302
    refused = ask(client, "guard@alpha.test")
    assert refused.status_code == 429
    assert "Too many requests from this network" in refused.text
    assert int(refused["Retry-After"]) > 0
    assert mail.outbox == []
    # Another network still may.
    other = Client(HTTP_HOST=PUBLIC_HOST, REMOTE_ADDR="198.51.100.4")
    assert ask(other, "guard@alpha.test").status_code == 302
    assert len(mail.outbox) == 1


def test_a_reset_is_logged_on_the_platform_naming_the_person(guard):
    ask(browser(), "guard@alpha.test")
    _host, path = reset_link(mail.outbox[0])
    choose(browser(), path)
    (entry,) = PlatformLogEntry.objects.filter(action="password.reset")
    assert (entry.object_type, entry.object_id, entry.actor_user_id) == (
        "accounts.user",
        guard.pk,
        guard.pk,
    )


def test_a_reset_lifts_the_sign_in_lock_of_the_account(guard):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        browser().post("/accounts/login/", {"username": "guard@alpha.test", "password": "wrong"})
    assert browser().post(
        "/accounts/login/", {"username": "guard@alpha.test", "password": PASSWORD}
    ).status_code == 429  # fmt: skip
    ask(browser(), "guard@alpha.test")
    _host, path = reset_link(mail.outbox[0])
    choose(browser(), path)
    assert signs_in("guard@alpha.test", NEW_PASSWORD)


def test_a_member_of_one_company_may_reset_on_another_companys_host_with_a_link_to_it(
    guard, company_b
):
    # Accounts are platform-wide: the link goes back to the host it was asked on and works there.
    host = host_of(company_b)
    ask(browser(host), "guard@alpha.test")
    link_host, path = reset_link(mail.outbox[0])
    assert link_host == host
    assert choose(browser(host), path).status_code == 302
    guard.refresh_from_db()
    assert guard.check_password(NEW_PASSWORD)


def test_the_reset_pages_answer_a_signed_in_regulator(regulator_user):
    client = browser()
    client.force_login(regulator_user)
    assert client.get("/accounts/password/reset/").status_code == 200
    assert ask(client, regulator_user.email).status_code == 302
    _host, path = reset_link(mail.outbox[0])
    # Setting the password writes outside the regulator's read-only transaction.
    assert choose(client, path).status_code == 302
    regulator_user.refresh_from_db()
    assert regulator_user.check_password(NEW_PASSWORD)


def manager_request(company):
    request = RequestFactory().post("/staff/", HTTP_HOST=host_of(company))
    request.tenant = company
    return request


def test_a_manager_sends_a_member_the_reset_link_and_it_is_logged(company_a, manager_a, member_a):
    send_password_reset(member_a.user, request=manager_request(company_a), by=manager_a)
    (message,) = mail.outbox
    assert message.to == [member_a.user.email]
    # The platform's language (as for invitations), naming who sent it.
    assert message.body.startswith(f"{member_a.user.full_name}，您好：")
    assert str(manager_a) in message.body
    link_host, path = reset_link(message)
    assert link_host == host_of(company_a)
    assert choose(browser(link_host), path).status_code == 302
    (entry,) = PlatformLogEntry.objects.filter(action="password.reset_sent")
    assert (entry.object_id, entry.actor_user_id, entry.company_id) == (
        member_a.user_id,
        manager_a.pk,
        company_a.pk,
    )


def test_a_manager_cannot_send_a_reset_link_to_a_login_by_mobile_number(
    company_a, manager_a, mobilemember_a
):
    with pytest.raises(ValidationError):
        send_password_reset(mobilemember_a.user, request=manager_request(company_a), by=manager_a)
    assert mail.outbox == []
    assert not PlatformLogEntry.objects.filter(action="password.reset_sent").exists()


def test_a_manager_cannot_send_a_reset_link_to_an_inactive_account(company_a, manager_a, member_a):
    User.objects.filter(pk=member_a.user_id).update(is_active=False)
    member_a.user.refresh_from_db()
    with pytest.raises(ValidationError):
        send_password_reset(member_a.user, request=manager_request(company_a), by=manager_a)
    assert mail.outbox == []


def test_a_new_companys_first_manager_chooses_a_first_password_with_a_link(db):
    company = create_company(by=None, name="丙物业", slug="gamma", admin_email="boss@gamma.test")
    first = User.objects.get(email="boss@gamma.test")
    assert not first.has_usable_password()

    ask(browser(host_of(company)), "Boss@Gamma.test")

    assert len(mail.outbox) == 1
    _host, path = reset_link(mail.outbox[0])
    choose(browser(host_of(company)), path)
    assert signs_in("boss@gamma.test", NEW_PASSWORD)
