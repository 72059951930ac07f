"""Old photos of cleaning work are removed; the logs themselves stay for good."""

import datetime

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from tenants.cleaning.models import CleaningLog
from tenants.history.services import log_action


@transaction.atomic
def remove_old_photos(*, by, now=None) -> int:
    """Delete the photos of logs older than CLEANING_PHOTO_DAYS from storage and from the logs.

    The only change PostgreSQL lets through on a log, and only in this transaction.
    """
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.CLEANING_PHOTO_DAYS)
    logs = list(CleaningLog.objects.filter(done_at__lt=cutoff).exclude(photo=""))
    if not logs:
        return 0
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL guanjia.photo_retention = 'on'")
    names = [log.photo.name for log in logs]
    CleaningLog.objects.filter(pk__in=[log.pk for log in logs]).update(photo="")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL guanjia.photo_retention = 'off'")
    for log in logs:
        log_action(log, "cleaning_log.photo_removed", by=by)
    # Files go only once the rows no longer name them; a failure here leaves files, not holes.
    storage = logs[0].photo.storage
    transaction.on_commit(lambda: [storage.delete(name) for name in names])
    return len(logs)
