"""The company's staff accounts: the People page, invitations and accepting one."""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from accounts.forms import ChoosePasswordForm, InvitationForm, RoleForm
from accounts.models import Invitation, Membership
from accounts.roles import Role
from accounts.services import (
    InvitationUnusable,
    accept_invitation,
    change_role,
    deactivate_member,
    existing_account,
    find_invitation,
    invite_member,
    reactivate_member,
)
from guanjia.portal import CompanyPermissionRequiredMixin, ServiceFormView
from tenants.sites.models import Site

SiteAssignment = Site.assigned_users.through


class StaffListView(CompanyPermissionRequiredMixin, View):
    """Managers see every member; site managers the staff of their sites, read-only."""

    permission = "people.view"

    def get(self, request):
        sites = Site.objects.visible_to(self.access)
        site_names = defaultdict(list)
        for user_id, name in (
            SiteAssignment.objects.filter(site__in=sites)
            .order_by("site__name")
            .values_list("user_id", "site__name")
        ):
            site_names[user_id].append(name)
        members = Membership.objects.filter(company_id=request.tenant.pk).select_related("user")
        may_manage = self.access.has("people.manage")
        if not may_manage:
            members = members.filter(user_id__in=list(site_names))
        members = list(members.order_by("-is_active", "user__full_name", "user__email"))
        for member in members:
            member.site_names = site_names.get(member.user_id, [])
            # One form per card: its own ids, the same field name.
            member.role_form = RoleForm(
                initial={"role": member.role}, auto_id=f"id_m{member.pk}_%s"
            )
        invitations = (
            Invitation.objects.filter(
                company_id=request.tenant.pk,
                accepted_at__isnull=True,
                expires_at__gt=timezone.now(),
            )
            if may_manage
            else []
        )
        return render(
            request,
            "accounts/staff.html",
            {"members": members, "may_manage": may_manage, "invitations": invitations},
        )


class StaffInviteView(ServiceFormView):
    permission = "people.manage"
    form_class = InvitationForm
    template_name = "accounts/staff_invite.html"
    title = gettext_lazy("Invite a member of staff")

    def save(self, data):
        return invite_member(company=self.request.tenant, by=self.request.user, **data)

    def success_message(self, saved) -> str:
        return _("An invitation has been sent to %(email)s. The link works once, for 7 days.") % {
            "email": saved.invitation.email
        }

    def get_success_url(self, saved=None):
        return reverse("staff:list")


class MemberActionView(CompanyPermissionRequiredMixin, View):
    """A manager's change to one member of this company, by a service; answers with the list."""

    permission = "people.manage"

    def post(self, request, pk):
        membership = get_object_or_404(
            Membership.objects.select_related("user"), pk=pk, company_id=request.tenant.pk
        )
        try:
            message = self.act(membership)
        except ValidationError as exc:
            for error in exc.messages:
                messages.error(request, error)
        else:
            messages.success(request, message)
        return redirect("staff:list")


class MemberRoleView(MemberActionView):
    def act(self, membership):
        form = RoleForm(self.request.POST)
        if not form.is_valid():
            raise ValidationError(_("Choose a role."))
        change_role(membership, role=form.cleaned_data["role"], by=self.request.user)
        return _("%(name)s is now %(role)s.") % {
            "name": membership.user,
            "role": Role(membership.role).label,
        }


class MemberDeactivateView(MemberActionView):
    def act(self, membership):
        deactivate_member(membership, by=self.request.user)
        return _("%(name)s can no longer sign in to this company.") % {"name": membership.user}


class MemberReactivateView(MemberActionView):
    def act(self, membership):
        reactivate_member(membership, by=self.request.user)
        return _("%(name)s can sign in again.") % {"name": membership.user}


class AcceptInvitationView(View):
    """Open to anyone with the link, on the company's host: the token is the only key."""

    def get(self, request, token):
        with transaction.atomic():
            try:
                invitation = find_invitation(token, company=request.tenant)
            except InvitationUnusable as exc:
                return self.unusable(request, exc)
            account = existing_account(invitation)
        return self.page(request, invitation, account, ChoosePasswordForm())

    def post(self, request, token):
        with transaction.atomic():
            try:
                invitation = find_invitation(token, company=request.tenant)
            except InvitationUnusable as exc:
                return self.unusable(request, exc)
            account = existing_account(invitation)
            if account is not None:
                # The link proves the address, not the account's password: they sign in with it.
                accept_invitation(token, company=request.tenant)
                messages.success(
                    request,
                    _("You have joined %(company)s. Sign in with your password.")
                    % {"company": request.tenant.name},
                )
                return redirect("accounts:login")
            form = ChoosePasswordForm(request.POST)
            if form.is_valid():
                try:
                    user = accept_invitation(
                        token, company=request.tenant, password=form.cleaned_data["password1"]
                    )
                except ValidationError as exc:
                    form.add_error("password1", exc.messages)
                else:
                    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                    return redirect("accounts:landing")
        return self.page(request, invitation, account, form, status=400)

    def page(self, request, invitation, account, form, status=200):
        return render(
            request,
            "accounts/invitation.html",
            {"invitation": invitation, "account": account, "form": form},
            status=status,
        )

    def unusable(self, request, exc):
        return render(
            request,
            "accounts/invitation_invalid.html",
            {"message": exc.message},
            status=410 if exc.gone else 400,
        )
