"""Foundation figures: time to create a company with 100 present; queries of a warm request.

Run with `make bench` (fresh database, embedded servers). Prints figures; asserts nothing.
"""

import os
import statistics
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guanjia.settings")
django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402

from accounts.models import Membership, User  # noqa: E402
from companies.services import create_company  # noqa: E402

EXISTING_COMPANIES = 100
MEASURED_CREATIONS = 10
WARM_REQUESTS = 20

executed: list[str] = []
queries_before_view: list[list[str]] = []


def record(execute, sql, params, many, context):
    executed.append(sql)
    return execute(sql, params, many, context)


class MarkRequestStart:
    """First middleware: note where this request's statements begin."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.bench_first_statement = len(executed)
        return self.get_response(request)


class MarkViewEntry:
    """Last middleware: keep the statements that ran before the view was called."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        queries_before_view.append(executed[request.bench_first_statement :])


def main():
    call_command("setup_database", verbosity=0)
    cache.clear()
    for number in range(EXISTING_COMPANIES):
        create_company(
            by=None, name=f"物业{number}", slug=f"company-{number}", admin_email=f"m{number}@x.cn"
        )
    durations = []
    for number in range(MEASURED_CREATIONS):
        started = time.perf_counter()
        create_company(
            by=None, name=f"新物业{number}", slug=f"new-{number}", admin_email=f"n{number}@x.cn"
        )
        durations.append(time.perf_counter() - started)
    print(
        f"create a company with {EXISTING_COMPANIES}+ present: "
        f"median {statistics.median(durations) * 1000:.0f} ms, "
        f"max {max(durations) * 1000:.0f} ms over {MEASURED_CREATIONS} (goal: under 500 ms)"
    )

    user = User.objects.get(email="m0@x.cn")
    assert Membership.objects.filter(user=user).exists()
    client = Client(HTTP_HOST="company-0.localhost")
    client.force_login(user)
    middleware = [
        f"{__name__}.MarkRequestStart",
        *django.conf.settings.MIDDLEWARE,
        f"{__name__}.MarkViewEntry",
    ]
    with override_settings(MIDDLEWARE=middleware), connection.execute_wrapper(record):
        for _ in range(WARM_REQUESTS + 1):  # the first request fills the tenant and session caches
            client.get("/")
    warm = queries_before_view[1:]
    print(
        "SQL statements before the view, warm signed-in portal request: "
        f"{max(len(statements) for statements in warm)}"
    )
    for sql in warm[-1]:
        print(f"  {sql[:100]}")


if __name__ == "__main__":
    main()
