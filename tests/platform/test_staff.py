"""Staff accounts run by the company: the People page, invitations by e-mail, deactivation."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django_tenants.utils import schema_context

from accounts.models import Invitation, Membership, User
from accounts.roles import ApiScope, Role
from accounts.services import change_role, deactivate_member, invite_member
from audit.models import PlatformLogEntry
from companies.models import Company
from partners.services import create_api_key
from tests.conftest import PASSWORD, host_of

NEW_PASSWORD = "lantern-quietly-harbour-42"


def invite(client, **fields):
    data = {"email": "xiao.li@alpha.test", "full_name": "李小", "role": "guard", **fields}
    return client.post("/staff/invite/", data)


def invitation_path(message) -> str:
    """The path of the one link in an invitation e-mail."""
    return re.search(r"https?://[^/\s]+(/accounts/invitation/[^/\s]+/)", message.body)[1]


@pytest.fixture
def manager_client(client_for, company_a, manager_a):
    return client_for(company_a, manager_a)


def test_manager_invites_by_email_and_the_invitee_chooses_a_password_and_is_signed_in(
    manager_client, client_for, company_a, site_a
):
    response = invite(manager_client, sites=[site_a.pk])
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["xiao.li@alpha.test"]
    # The company's language, Chinese by default, whoever sent it.
    assert company_a.name in message.subject
    assert "7" in message.body

    invitee = client_for(company_a)
    path = invitation_path(message)
    assert invitee.get(path).status_code == 200
    response = invitee.post(path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302

    user = User.objects.get(email="xiao.li@alpha.test")
    assert user.full_name == "李小"
    assert user.check_password(NEW_PASSWORD)
    assert user.memberships.get(company=company_a).role == Role.GUARD
    with schema_context(company_a.schema_name):
        assert site_a.assigned_users.filter(pk=user.pk).exists()
    # Signed in: the guard's portal opens (a guard lands on their shifts).
    assert invitee.get("/").status_code == 302
    assert invitee.get("/m/shifts/").status_code == 200


def test_a_password_the_validators_refuse_creates_no_account(manager_client, client_for, company_a):
    invite(manager_client)
    path = invitation_path(mail.outbox[0])
    response = client_for(company_a).post(path, {"password1": "12345678", "password2": "12345678"})
    assert response.status_code == 400
    assert not User.objects.filter(email="xiao.li@alpha.test").exists()
    assert Invitation.objects.get().accepted_at is None


def test_an_expired_link_shows_a_clear_page_and_changes_nothing(
    manager_client, client_for, company_a
):
    invite(manager_client)
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    path = invitation_path(mail.outbox[0])
    response = client_for(company_a).post(
        path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 410
    assert "This invitation has expired" in response.content.decode()
    assert not User.objects.filter(email="xiao.li@alpha.test").exists()


def test_a_used_link_cannot_be_used_again(manager_client, client_for, company_a):
    invite(manager_client)
    path = invitation_path(mail.outbox[0])
    client_for(company_a).post(path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    second = client_for(company_a).post(path, {"password1": "x-" + NEW_PASSWORD,
                                               "password2": "x-" + NEW_PASSWORD})  # fmt: skip
    assert second.status_code == 410
    assert User.objects.get(email="xiao.li@alpha.test").check_password(NEW_PASSWORD)


def test_a_link_works_only_on_its_own_company_host(
    manager_client, client_for, company_a, company_b
):
    invite(manager_client)
    path = invitation_path(mail.outbox[0])
    assert client_for(company_b).get(path).status_code == 400
    assert client_for(company_a).get(path).status_code == 200


def test_an_invite_to_an_existing_account_adds_a_membership_and_keeps_the_password(
    client_for, company_a, company_b, make_member
):
    # Someone who works for beta, and now also for alpha.
    existing = make_member(company_b, Role.CLEANER, email="two.jobs@beta.test")
    manager_client = client_for(company_a, make_member(company_a, Role.MANAGER))
    invite(manager_client, email="Two.Jobs@beta.test", role="cleaner")
    path = invitation_path(mail.outbox[0])

    invitee = client_for(company_a)
    page = invitee.get(path, HTTP_ACCEPT_LANGUAGE="en")
    assert "You already have an account" in page.content.decode()
    response = invitee.post(path, {"password1": "ignored-" + NEW_PASSWORD})
    assert response.status_code == 302

    assert User.objects.filter(email__iexact="two.jobs@beta.test").count() == 1
    existing.refresh_from_db()
    assert existing.check_password(PASSWORD)
    assert set(existing.memberships.values_list("company__slug", flat=True)) == {
        company_a.slug,
        company_b.slug,
    }
    # The link proves the address, not the password: they sign in as usual.
    assert invitee.get("/staff/").status_code == 302


def test_inviting_someone_already_in_the_company_is_refused(manager_client, guard_a):
    response = invite(manager_client, email=guard_a.email)
    assert response.status_code == 400
    assert mail.outbox == []
    assert not Invitation.objects.exists()


def test_deactivation_ends_a_live_session_at_once(
    client_for, company_a, manager_a, guard_a, manager_client
):
    guard = client_for(company_a, guard_a)
    assert guard.get("/m/shifts/").status_code == 200
    session_key = guard.cookies[settings.SESSION_COOKIE_NAME].value
    membership = guard_a.memberships.get()

    assert manager_client.post(f"/staff/{membership.pk}/deactivate/").status_code == 302

    assert guard.get("/m/shifts/").status_code == 302  # back to sign-in
    # The session itself is gone, not only refused.
    assert not Session.objects.filter(session_key=session_key).exists()
    membership.refresh_from_db()
    guard_a.refresh_from_db()
    assert not membership.is_active
    # No other company: the account cannot sign in anywhere.
    assert not guard_a.is_active


def test_deactivating_someone_who_works_for_another_company_keeps_their_account(
    company_a, company_b, manager_a, make_member
):
    user = make_member(company_a, Role.GUARD, email="two.jobs@beta.test")
    Membership.objects.create(user=user, company=company_b, role=Role.GUARD)
    deactivate_member(user.memberships.get(company=company_a), by=manager_a)
    user.refresh_from_db()
    assert user.is_active
    assert user.memberships.get(company=company_b).is_active


def test_a_reactivated_member_can_sign_in_again(client_for, company_a, manager_client, guard_a):
    membership = guard_a.memberships.get()
    manager_client.post(f"/staff/{membership.pk}/deactivate/")
    manager_client.post(f"/staff/{membership.pk}/reactivate/")
    guard_a.refresh_from_db()
    assert guard_a.is_active
    assert client_for(company_a, guard_a).get("/m/shifts/").status_code == 200


def test_a_manager_changes_a_role(manager_client, guard_a):
    membership = guard_a.memberships.get()
    response = manager_client.post(f"/staff/{membership.pk}/role/", {"role": "cleaner"})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.CLEANER


def test_a_manager_can_neither_deactivate_nor_demote_themselves(manager_client, manager_a):
    membership = manager_a.memberships.get()
    manager_client.post(f"/staff/{membership.pk}/deactivate/")
    manager_client.post(f"/staff/{membership.pk}/role/", {"role": "guard"})
    membership.refresh_from_db()
    assert membership.is_active
    assert membership.role == Role.MANAGER
    with translation.override("en"):
        with pytest.raises(ValidationError, match="yourself"):
            deactivate_member(membership, by=manager_a)
        with pytest.raises(ValidationError, match="manager role"):
            change_role(membership, role=Role.GUARD, by=manager_a)


def test_the_people_page_lists_every_member_for_a_manager(
    manager_client, manager_a, guard_a, site_manager_a
):
    page = manager_client.get("/staff/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for user in (manager_a, guard_a, site_manager_a):
        assert user.email in page
    assert "Change role" in page


def test_a_site_manager_sees_only_the_staff_of_their_sites_and_cannot_change_roles(
    client_for, company_a, site_a, site_manager_a, guard_a, make_member
):
    elsewhere = make_member(company_a, Role.CLEANER, email="elsewhere@alpha.test")
    with schema_context(company_a.schema_name):
        site_a.assigned_users.add(site_manager_a, guard_a)
    page = client_for(company_a, site_manager_a).get("/staff/", HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert guard_a.email in text
    assert site_a.name in text
    assert elsewhere.email not in text
    assert "Change role" not in text
    assert "Deactivate" not in text


def test_an_outsider_cannot_change_a_member_of_another_company(
    client_for, company_b, outsider, guard_a
):
    membership = guard_a.memberships.get()
    # On their own company's host the member is not theirs to find.
    response = client_for(company_b, outsider).post(f"/staff/{membership.pk}/deactivate/")
    assert response.status_code == 404
    membership.refresh_from_db()
    assert membership.is_active


def test_the_invitation_email_is_written_in_chinese(company_a, manager_a):
    invite_member(company=company_a, email="a@alpha.test", full_name="王芳", role=Role.CLEANER,
                  by=manager_a)  # fmt: skip
    assert "王芳" in mail.outbox[0].body
    assert "邀请" in mail.outbox[0].body


def test_the_navigation_links_the_people_page_only_for_those_who_may_see_it(
    manager_client, client_for, company_a, make_member
):
    assert b'href="/staff/"' in manager_client.get("/sites/").content
    viewer = client_for(company_a, make_member(company_a, Role.VIEWER))
    assert b'href="/staff/"' not in viewer.get("/sites/").content


def test_deactivation_revokes_the_members_api_keys_and_is_in_the_platform_log(
    company_a, manager_a, make_member, manager_client, api_for
):
    leaving = make_member(company_a, Role.MANAGER, email="leaving@alpha.test")
    theirs = create_api_key(company=company_a, name="美团柜", scope=ApiScope.READ, by=leaving)
    others = create_api_key(company=company_a, name="门禁", scope=ApiScope.READ, by=manager_a)
    assert api_for(company_a, key=theirs.plaintext).get("/api/v1/sites/").status_code == 200
    membership = leaving.memberships.get()

    assert manager_client.post(f"/staff/{membership.pk}/deactivate/").status_code == 302

    assert api_for(company_a, key=theirs.plaintext).get("/api/v1/sites/").status_code == 401
    assert api_for(company_a, key=others.plaintext).get("/api/v1/sites/").status_code == 200
    entry = PlatformLogEntry.objects.get(action="membership.deactivated")
    assert entry.actor_user_id == manager_a.pk and entry.company_id == company_a.pk
    assert entry.data["api_keys_revoked"] == 1
    assert PlatformLogEntry.objects.filter(action="api_key.revoked", actor_user_id=manager_a.pk)

    # Reactivation gives the access back, not the keys: a partner app needs a new one.
    assert manager_client.post(f"/staff/{membership.pk}/reactivate/").status_code == 302
    assert PlatformLogEntry.objects.filter(action="membership.reactivated").count() == 1
    assert api_for(company_a, key=theirs.plaintext).get("/api/v1/sites/").status_code == 401
    # Deactivating twice changes and logs nothing more.
    deactivate_member(membership, by=manager_a)
    deactivate_member(membership, by=manager_a)
    assert PlatformLogEntry.objects.filter(action="membership.deactivated").count() == 2


def test_a_manager_e_mails_a_member_a_link_to_choose_a_new_password(
    manager_client, member_a, company_a, client_for
):
    membership, member = member_a, member_a.user
    assert f"/staff/{membership.pk}/password/" in manager_client.get("/staff/").content.decode()

    response = manager_client.post(f"/staff/{membership.pk}/password/", follow=True)

    assert member.email in response.content.decode()
    [message] = mail.outbox
    assert message.to == [member.email]
    assert f"http://{host_of(company_a)}/accounts/password/reset/" in message.body
    entry = PlatformLogEntry.objects.get(action="password.reset_sent")
    assert entry.company_id == company_a.pk


def test_the_invitation_is_written_in_the_companys_language(manager_client, company_a):
    Company.objects.filter(pk=company_a.pk).update(language="ja")
    assert invite(manager_client).status_code == 302
    [message] = mail.outbox
    assert message.subject == f"{company_a.name} のログイン"
