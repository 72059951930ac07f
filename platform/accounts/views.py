from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django_tenants.utils import get_public_schema_name

from accounts.handoff import make_handoff_token, redeem_handoff_token
from accounts.models import Membership, User
from companies.services import portal_url_for


def on_public_host() -> bool:
    return connection.schema_name == get_public_schema_name()


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


@login_required
def landing(request):
    """Where a user goes after signing in: their company's portal, a chooser, or their area."""
    if not on_public_host():
        if request.membership is not None:
            return redirect("portal:home")
        return render(request, "accounts/no_access.html", status=403)
    if request.user.is_regulator:
        return redirect("regulators:home")
    memberships = list(
        Membership.objects.filter(user=request.user, is_active=True)
        .select_related("company")
        .order_by("company__name")
    )
    if len(memberships) == 1:
        return redirect("accounts:enter", slug=memberships[0].company.slug)
    if not memberships and request.user.is_staff:
        return redirect("admin:index")
    return render(request, "accounts/choose_company.html", {"memberships": memberships})


@login_required
@require_GET
def enter_company(request, slug):
    """Send a signed-in user on to one of their companies' portals."""
    membership = get_object_or_404(
        Membership.objects.select_related("company"),
        user=request.user,
        company__slug=slug,
        is_active=True,
    )
    token = make_handoff_token(user=request.user, company=membership.company)
    return HttpResponseRedirect(
        f"{portal_url_for(membership.company)}accounts/handoff/?token={token}"
    )


@require_GET
def handoff(request):
    """Sign in on a company's host with a one-time token made on the platform host."""
    user_id = redeem_handoff_token(request.GET.get("token", ""), company=request.tenant)
    user = User.objects.filter(pk=user_id, is_active=True).first() if user_id else None
    if user is None:
        messages.error(request, _("That sign-in link has expired. Please sign in again."))
        return redirect("accounts:login")
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    return redirect("accounts:landing")
