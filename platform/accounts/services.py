"""Staff accounts run by their company: invitations, roles, deactivation, sessions."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.backends.cached_db import SessionStore
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.memberships import add_membership, change_membership
from accounts.models import Invitation, Membership, User, canonical_email
from accounts.roles import Role
from audit.services import log_platform_action
from companies.services import portal_url_for
from partners.models import ApiKey
from partners.services import revoke_api_key
from tenants.sites.models import Site

INVITATION_VALID_FOR = timedelta(days=7)
# The roles that work at particular sites and may be assigned to them when invited.
SITE_ROLES = frozenset({Role.SITE_MANAGER, Role.GUARD, Role.CLEANER})


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class SentInvitation:
    """A new invitation and the link it was sent with, which is never stored."""

    invitation: Invitation
    link: str


class InvitationUnusable(Exception):
    """The link is unknown, already used or expired; `gone` for the last two (HTTP 410)."""

    def __init__(self, message: str, *, gone: bool):
        super().__init__(message)
        self.message = message
        self.gone = gone


@transaction.atomic
def invite_member(
    *, company, email: str, full_name: str, role: str, sites=(), by
) -> SentInvitation:
    """Invite someone by e-mail to join the company with a role; the link works once, for 7 days."""
    email = canonical_email(email)
    if role not in Role.values:
        raise ValidationError({"role": _("Choose a role.")})
    if Membership.objects.filter(company=company, user__email__iexact=email).exists():
        raise ValidationError(
            {"email": _("%(email)s already has an account in this company.") % {"email": email}}
        )
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        company=company,
        email=email,
        full_name=(full_name or "").strip(),
        role=role,
        site_ids=[site.pk for site in sites] if role in SITE_ROLES else [],
        token_hash=hash_token(token),
        created_by=by,
        expires_at=timezone.now() + INVITATION_VALID_FOR,
    )
    link = f"{portal_url_for(company)}accounts/invitation/{token}/"
    # Sent last, inside the transaction: if the mail server refuses it, no invitation is kept
    # that nobody received.
    send_invitation_mail(invitation, link=link, by=by)
    return SentInvitation(invitation, link)


def send_invitation_mail(invitation: Invitation, *, link: str, by) -> None:
    # The person has no language of their own yet: the company's (Chinese unless set).
    with translation.override(invitation.company.language):
        context = {
            "invitation": invitation,
            "company": invitation.company,
            "link": link,
            "inviter": str(by) if by else "",
            "role": invitation.get_role_display(),
            "days": INVITATION_VALID_FOR.days,
        }
        subject = _("Your login for %(company)s") % {"company": invitation.company.name}
        body = render_to_string("accounts/invitation_email.txt", context)
    send_mail(subject, body, None, [invitation.email])


def find_invitation(token: str, *, company) -> Invitation:
    """The open invitation to this company with this link, or InvitationUnusable saying why."""
    invitation = (
        Invitation.objects.select_for_update()
        .filter(token_hash=hash_token(token or ""), company=company)
        .first()
    )
    if invitation is None:
        raise InvitationUnusable(_("This invitation link is not valid."), gone=False)
    if invitation.accepted_at is not None:
        raise InvitationUnusable(
            _("This invitation has already been used. Sign in with your e-mail and password."),
            gone=True,
        )
    if invitation.is_expired:
        raise InvitationUnusable(
            _("This invitation has expired. Ask your manager to send a new one."), gone=True
        )
    return invitation


def existing_account(invitation: Invitation) -> User | None:
    return User.objects.filter(email__iexact=invitation.email).first()


@transaction.atomic
def accept_invitation(token: str, *, company, password: str | None = None) -> User:
    """Join the company the link invites to, as a new account or an existing one.

    A new account takes the password chosen here. An existing account (someone working for
    two companies) only gains a membership: its password stays as it was.
    """
    invitation = find_invitation(token, company=company)
    user = existing_account(invitation)
    if user is None:
        user = User(email=invitation.email, full_name=invitation.full_name)
        validate_password(password or "", user)
        user.set_password(password)
        user.save()
    elif not user.is_active:
        # Deactivated everywhere before; a manager asking them back means they may sign in.
        user.is_active = True
        user.save(update_fields=["is_active"])
    # The manager who sent the invitation chose the role: the platform log names them.
    membership = add_membership(
        user=user, company=company, role=invitation.role, by=invitation.created_by
    )
    if membership.role != invitation.role:
        change_membership(membership, role=invitation.role, by=invitation.created_by)
    if not membership.is_active:
        reactivate_member(membership, by=invitation.created_by)
    assign_sites(user, invitation.site_ids)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return user


def assign_sites(user: User, site_ids) -> None:
    # Runs on the company's host, so the sites are those of its schema.
    for site in Site.objects.filter(pk__in=site_ids or []):
        site.assigned_users.add(user)


@transaction.atomic
def change_role(membership: Membership, *, role: str, by: User) -> Membership:
    """Give a member another role in their company; managers cannot demote themselves."""
    if role not in Role.values:
        raise ValidationError({"role": _("Choose a role.")})
    if membership.user_id == by.pk and role != Role.MANAGER:
        raise ValidationError(_("You cannot take away your own manager role."))
    return change_membership(membership, role=role, by=by)


@dataclass(frozen=True)
class Deactivation:
    """A member deactivated, and how many of their API keys stopped working with it."""

    membership: Membership
    api_keys_revoked: int


@transaction.atomic
def deactivate_member(membership: Membership, *, by: User) -> Deactivation:
    """Take a member's access to this company away at once, ending sessions and revoking keys.

    Their past records keep their name. An account that belongs to no other active company
    cannot sign in any more. API keys they created for this company stop working: a partner
    app keeps no access through someone who has left.
    """
    if membership.user_id == by.pk:
        raise ValidationError(_("You cannot deactivate yourself."))
    membership = (
        Membership.objects.select_for_update()
        .select_related("user", "company")
        .get(pk=membership.pk)
    )
    if not membership.is_active:
        return Deactivation(membership, api_keys_revoked=0)
    membership.is_active = False
    membership.save(update_fields=["is_active"])
    user = membership.user
    if not user.memberships.filter(is_active=True).exists() and not (
        user.is_staff or user.is_regulator
    ):
        user.is_active = False
        user.save(update_fields=["is_active"])
    revoked = [
        api_key.pk
        for api_key in ApiKey.objects.active().filter(company=membership.company, created_by=user)
        if revoke_api_key(api_key, by=by)
    ]
    ended = end_sessions(user)
    data = {"role": membership.role, "api_keys_revoked": len(revoked), "sessions_ended": ended}
    log_platform_action(
        membership, "membership.deactivated", by=by, company=membership.company, data=data
    )
    return Deactivation(membership, api_keys_revoked=len(revoked))


@transaction.atomic
def reactivate_member(membership: Membership, *, by: User) -> Membership:
    """Give a deactivated member their access back, with the role they had (not their keys)."""
    membership = (
        Membership.objects.select_for_update()
        .select_related("user", "company")
        .get(pk=membership.pk)
    )
    if membership.is_active:
        return membership
    membership.is_active = True
    membership.save(update_fields=["is_active"])
    if not membership.user.is_active:
        membership.user.is_active = True
        membership.user.save(update_fields=["is_active"])
    log_platform_action(
        membership,
        "membership.reactivated",
        by=by,
        company=membership.company,
        data={"role": membership.role},
    )
    return membership


def end_sessions(user: User) -> int:
    """Sign the user out everywhere now; returns how many sessions ended.

    Sessions do not index their user, so every unexpired session of the platform is read:
    fine at today's numbers, and a shift-long session for gate phones will want an index.
    Each is deleted through the session store so that its cached copy goes too.
    """
    ended = 0
    user_id = str(user.pk)
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == user_id:
            SessionStore(session_key=session.session_key).delete()
            ended += 1
    return ended
