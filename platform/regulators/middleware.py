from django.db import connection, transaction
from django.urls import Resolver404, resolve

from regulators.bookkeeping import is_platform_bookkeeping, run_after_read_only


class RegulatorReadOnlyMiddleware:
    """Run every request of a regulator in a read-only PostgreSQL transaction.

    Regulators must never change a company's data; rather than trust every view to
    remember it, the database itself refuses any write made while serving them. Only views
    marked `platform_bookkeeping` (signing in and out) run outside it, and what a reading view
    records about the regulator is written by `after_read_only` callbacks once it has ended.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not getattr(user, "is_regulator", False):
            return self.get_response(request)
        if is_platform_bookkeeping(resolved_view(request)):
            return self.get_response(request)
        request.after_read_only = []
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION READ ONLY")
            response = self.get_response(request)
        run_after_read_only(request)
        return response


def resolved_view(request):
    """The view this request's URL leads to, or None; an unknown URL stays read-only."""
    try:
        return resolve(request.path_info, urlconf=getattr(request, "urlconf", None)).func
    except Resolver404:
        return None
