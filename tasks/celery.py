import os

from celery.schedules import crontab
from tenant_schemas_celery.app import CeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guanjia.settings")

app = CeleryApp("guanjia", task_cls="tasks.base:CompanyTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Celery's Django fix-up reads this name without the namespace.
app.conf.CELERY_DB_REUSE_MAX = int(os.environ.get("CELERY_DB_REUSE_MAX", "200"))
app.conf.beat_schedule = {
    "daily-reports": {
        "task": "tasks.reports.produce_all_daily_reports",
        # CELERY_TIMEZONE is Asia/Shanghai: 06:00 Shanghai time, before the morning shift change.
        "schedule": crontab(hour=6, minute=0),
    },
    "gate-housekeeping": {
        "task": "tasks.gate.gate_housekeeping_all",
        # 03:00 Shanghai time: after the day's last entries, before the daily reports.
        "schedule": crontab(hour=3, minute=0),
    },
    "gap-alerts": {
        "task": "tasks.rosters.refresh_all_gap_alerts",
        "schedule": crontab(minute=5),
    },
    "cleaning-overdue": {
        "task": "tasks.cleaning.record_all_overdue_alerts",
        "schedule": crontab(minute="*/15"),
    },
    "cleaning-photos": {
        "task": "tasks.cleaning.remove_all_old_photos",
        "schedule": crontab(hour=3, minute=30),
    },
}
app.autodiscover_tasks(["tasks"], related_name="reports")
app.autodiscover_tasks(["tasks"], related_name="rosters")
app.autodiscover_tasks(["tasks"], related_name="gate")
app.autodiscover_tasks(["tasks"], related_name="cleaning")
