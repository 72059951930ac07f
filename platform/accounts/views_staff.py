"""The company's staff accounts: the People page, invitations and accepting one."""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.decorators.cache import never_cache
from django_tenants.utils import get_public_schema_name

from accounts.forms import (
    ChoosePasswordForm,
    InvitationForm,
    MobileLoginForm,
    RoleForm,
    SignInCodeForm,
)
from accounts.models import Invitation, Membership, phone_or_none
from accounts.passwords import send_password_reset
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
from accounts.sign_in_codes import (
    SIGN_IN_CODE_VALID_FOR,
    SignInCodeUnusable,
    create_mobile_login,
    issue_sign_in_code,
    redeem_sign_in_code,
    void_sign_in_codes,
)
from guanjia.actors import System
from guanjia.encryption import blind_index
from guanjia.limits import Limit, reached, retry_after, usage
from guanjia.pdf import qr_code
from guanjia.portal import CompanyPermissionRequiredMixin, ServiceFormView, add_service_errors
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


def sign_in_code_page(request, membership, issued, *, back=None):
    """The manager's screen with the one-time code and its QR: shown once, never cached.

    `back` is the (address, label) of the page the manager came from; the staff list if none.
    """
    back_url, back_label = back or (reverse("staff:list"), _("Back to staff accounts"))
    context = {
        "back_url": back_url,
        "back_label": back_label,
        "member": membership,
        "issued": issued,
        "qr": qr_code(issued.link),
        "minutes": int(SIGN_IN_CODE_VALID_FOR.total_seconds() // 60),
    }
    return render(request, "accounts/staff_code.html", context)


@method_decorator(never_cache, name="dispatch")
class StaffMobileLoginView(ServiceFormView):
    """A login by mobile number for someone without e-mail, enrolled with a one-time code."""

    permission = "people.manage"
    form_class = MobileLoginForm
    template_name = "accounts/staff_mobile.html"
    title = gettext_lazy("Create a login by mobile number")

    def form_valid(self, form):
        try:
            created = create_mobile_login(
                company=self.request.tenant, by=self.request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        if created.issued is None:
            messages.success(
                self.request,
                _("%(name)s already has a login and now belongs to this company too.")
                % {"name": created.membership.user},
            )
            return redirect("staff:list")
        return sign_in_code_page(self.request, created.membership, created.issued)

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
        revoked = deactivate_member(membership, by=self.request.user).api_keys_revoked
        message = _("%(name)s can no longer sign in to this company.") % {"name": membership.user}
        if revoked:
            message += " " + ngettext(
                "The API key they created was revoked.",
                "The %(count)d API keys they created were revoked.",
                revoked,
            ) % {"count": revoked}
        return message


class MemberReactivateView(MemberActionView):
    def act(self, membership):
        reactivate_member(membership, by=self.request.user)
        return _("%(name)s can sign in again.") % {"name": membership.user}


class MemberPasswordResetView(MemberActionView):
    """The manager's reset for someone with e-mail: a link to choose a new password."""

    def act(self, membership):
        if not membership.is_active:
            raise ValidationError(_("Reactivate %(name)s first.") % {"name": membership.user})
        send_password_reset(membership.user, request=self.request, by=self.request.user)
        return _("A link to choose a new password has been sent to %(email)s.") % {
            "email": membership.user.email
        }


@method_decorator(never_cache, name="dispatch")
class MemberSignInCodeView(MemberActionView):
    """A new one-time code for a login by mobile number: the reset for those without e-mail."""

    def post(self, request, pk):
        membership = get_object_or_404(
            Membership.objects.select_related("user", "company"),
            pk=pk,
            company_id=request.tenant.pk,
        )
        try:
            issued = issue_sign_in_code(membership, by=request.user)
        except ValidationError as exc:
            for error in exc.messages:
                messages.error(request, error)
            return redirect("staff:list")
        return sign_in_code_page(request, membership, issued)


CODE_TRIES_PER_PHONE = Limit(
    "SIGN_IN_CODE_TRIES_PER_PHONE",
    gettext_lazy(
        "Too many wrong codes for this mobile number: its code no longer works. Ask your "
        "manager for a new one."
    ),
)
CODE_TRIES_PER_CLIENT = Limit(
    "SIGN_IN_CODE_TRIES_PER_CLIENT",
    gettext_lazy("Too many wrong codes from this network. Please wait a while and try again."),
)
CODE_ACTOR = System("sign_in_code_tries")


def phone_key(phone: str):
    """A mobile number as a counter's key: its keyed hash, never the number itself."""
    index = blind_index(phone_or_none(phone) or "")
    return (lambda group, request: index) if index else None


@method_decorator(never_cache, name="dispatch")
class SignInCodeView(View):
    """Open to anyone on the company's host: a mobile number and its one-time code are the key.

    Wrong codes are counted per number (too many stop its open code) and per network.
    """

    def dispatch(self, request, *args, **kwargs):
        if request.tenant.schema_name == get_public_schema_name():
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        initial = {key: request.GET.get(key, "") for key in ("phone", "code")}
        return self.page(request, SignInCodeForm(initial=initial))

    def post(self, request):
        form = SignInCodeForm(request.POST)
        found = reached(request, CODE_TRIES_PER_CLIENT, "ip")
        if found is not None:
            form.is_valid()
            form.add_error(None, CODE_TRIES_PER_CLIENT.refusal)
            return retry_after(self.page(request, form, status=429), found)
        if not form.is_valid():
            return self.page(request, form, status=400)
        data = form.cleaned_data
        try:
            user = redeem_sign_in_code(
                phone=data["phone"],
                code=data["code"],
                password=data["password1"],
                company=request.tenant,
            )
        except SignInCodeUnusable as exc:
            form.add_error("code", self.wrong_code(request, data["phone"]) or exc.message)
            return self.page(request, form, status=400)
        except ValidationError as exc:
            form.add_error("password1", exc.messages)
            return self.page(request, form, status=400)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("accounts:landing")

    def wrong_code(self, request, phone: str) -> str | None:
        """Count a wrong code; the refusal to show instead if it was one too many for the number."""
        usage(request, CODE_TRIES_PER_CLIENT, "ip", increment=True)
        key = phone_key(phone)
        if key is None:
            return None
        tries = usage(request, CODE_TRIES_PER_PHONE, key, increment=True)
        if tries["count"] < tries["limit"]:
            return None
        void_sign_in_codes(phone=phone_or_none(phone), company=request.tenant, by=CODE_ACTOR)
        return str(CODE_TRIES_PER_PHONE.refusal)

    def page(self, request, form, status=200):
        return render(request, "accounts/sign_in_code.html", {"form": form}, status=status)


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
