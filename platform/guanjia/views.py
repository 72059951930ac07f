import logging

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from kombu import Connection

logger = logging.getLogger(__name__)


@never_cache
@require_GET
def healthz(request):
    """Database and broker status for load balancers and monitoring: 200 when both answer."""
    status = {"database": check_database(), "broker": check_broker()}
    healthy = all(value == "ok" for value in status.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **status}, status=200 if healthy else 503
    )


def check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except Exception:
        logger.exception("Health check: database unreachable")
        return "error"


def check_broker() -> str:
    try:
        # The broker the workers read, reached directly: the platform sits below the tasks.
        with Connection(settings.CELERY_BROKER_URL) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
            conn.default_channel.client.ping()
        return "ok"
    except Exception:
        logger.exception("Health check: broker unreachable")
        return "error"


def public_home(request):
    return redirect("accounts:landing" if request.user.is_authenticated else "accounts:login")
