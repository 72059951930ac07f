#!/bin/sh
# Runs one role of the image: web, worker, beat or migrate, followed by extra arguments for
# that program (e.g. `worker --concurrency 4`). Anything else runs as given, e.g.
# `python manage.py create_company ...`, so one-off commands use the same image and settings.
# Every role ends in exec: the program becomes the container's main process and receives
# the stop signal itself (warm shutdown for Celery, graceful reload/stop for gunicorn).
set -eu

require_portal_domain() {
    # Settings fall back to "localhost" when PORTAL_DOMAIN is unset and take an empty value
    # as given; either way migrate would register the platform under the wrong host name and
    # nothing would notice. SECRET_KEY and ALLOWED_HOSTS need no check here: settings refuse
    # to load without them when DEBUG is off.
    if [ -z "${PORTAL_DOMAIN:-}" ]; then
        echo "entrypoint: PORTAL_DOMAIN must be set (e.g. guanjia.example.cn)" >&2
        exit 64
    fi
}

role="${1:-web}"
if [ "$#" -gt 0 ]; then shift; fi

case "$role" in
    web)
        require_portal_domain
        # More gunicorn options (e.g. --timeout) can come from GUNICORN_CMD_ARGS.
        exec gunicorn guanjia.wsgi:application \
            --bind 0.0.0.0:8000 \
            --workers "${GUNICORN_WORKERS:-3}" \
            --access-logfile - \
            "$@"
        ;;
    worker)
        require_portal_domain
        exec celery -A tasks worker --loglevel "${LOG_LEVEL:-INFO}" "$@"
        ;;
    beat)
        require_portal_domain
        # Keep exactly one beat running: two would enqueue every scheduled task twice.
        exec celery -A tasks beat --loglevel "${LOG_LEVEL:-INFO}" \
            --schedule /data/celerybeat-schedule "$@"
        ;;
    migrate)
        require_portal_domain
        # Idempotent: the shared schema, the company template and every company.
        exec python manage.py setup_database "$@"
        ;;
    *)
        exec "$role" "$@"
        ;;
esac
