"""Bench-only URLs for the HTTP benchmarks: a company's URLs plus plain views inserting one
gate entry (bench_gate.py) or one cleaning log (bench_cleaning.py).

Each plain view is the yardstick for its feature: it runs behind the same middleware (tenant,
session, CSRF, membership) and inserts one row into the same table, and nothing else.
gunicorn serves `bench_urls:application()` with tests/bench on its path; the product never
imports this module.
"""

import json
import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guanjia.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpResponseForbidden, JsonResponse  # noqa: E402
from django.urls import path  # noqa: E402
from django.utils import timezone  # noqa: E402

from guanjia.urls_tenant import urlpatterns as company_urlpatterns  # noqa: E402
from tenants.cleaning.models import CleaningLog  # noqa: E402
from tenants.gate.models import Entry  # noqa: E402

PLAIN_PATH = "/bench/plain-insert/"
PLAIN_LOG_PATH = "/bench/plain-log/"


def plain_insert(request):
    """One ORM insert of a resident's entry, admitted, with no checks: the floor of any entry."""
    if request.method != "POST" or not request.user.is_authenticated:
        return HttpResponseForbidden()
    body = json.loads(request.body)
    entry = Entry.objects.create(
        uuid=body["uuid"],
        site_id=body["site"],
        gate_id=body["gate"],
        category="resident",
        temperature=body["temperature"],
        decision="admit",
        outcome="admit",
        recorded_at=timezone.now(),
        recorded_by=request.user,
    )
    return JsonResponse({"uuid": str(entry.uuid)}, status=201)


def plain_log(request):
    """One ORM insert of a cleaning log, with no checks: the floor of any log."""
    if request.method != "POST" or not request.user.is_authenticated:
        return HttpResponseForbidden()
    body = json.loads(request.body)
    log = CleaningLog.objects.create(
        uuid=body["uuid"],
        area_id=body["area"],
        task_id=body["task"],
        kind="disinfect",
        done_at=timezone.now(),
        done_by=request.user,
    )
    return JsonResponse({"uuid": str(log.uuid)}, status=201)


urlpatterns = [
    path(PLAIN_PATH.strip("/") + "/", plain_insert),
    path(PLAIN_LOG_PATH.strip("/") + "/", plain_log),
    *company_urlpatterns,
]


def application():
    """The WSGI application with these URLs, as in production: DEBUG off, no query log."""
    settings.DEBUG = False
    settings.ROOT_URLCONF = __name__
    return get_wsgi_application()
