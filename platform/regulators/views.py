from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django_tenants.utils import get_public_schema_name

from companies.models import Company
from regulators.queries import sites_in_jurisdiction, supervised_companies


def regulator_required(view):
    @login_required
    def wrapped(request, *args, **kwargs):
        if not request.user.is_regulator:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


@regulator_required
def home(request):
    regulator = request.user.regulator
    return render(
        request,
        "regulators/home.html",
        {"regulator": regulator, "companies": supervised_companies(regulator)},
    )


@regulator_required
def company_detail(request, slug):
    regulator = request.user.regulator
    company = get_object_or_404(
        Company.objects.exclude(schema_name=get_public_schema_name()), slug=slug
    )
    sites = sites_in_jurisdiction(regulator, company)
    if not sites:
        # A company with nothing in this jurisdiction is none of this regulator's business.
        raise Http404
    return render(
        request,
        "regulators/company.html",
        {"regulator": regulator, "supervised": company, "sites": sites},
    )
