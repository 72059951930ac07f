"""The cleaning check on a real worker every 15 minutes: one alert per missed slot, in the
company it ran for, once; and old photos removed at night, the logs kept."""

import datetime
import io
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_tenants.utils import schema_context, tenant_context
from PIL import Image

from companies.models import Company
from tasks.base import SCHEMA_HEADER
from tasks.cleaning import record_overdue_alerts_task
from tenants.cleaning.models import Area, CleaningLog, OverdueAlert, PlanTask
from tenants.cleaning.services.logs import LogIn, record_log
from tenants.cleaning.services.retention import remove_old_photos
from tenants.sites.models import Site
from tests.cleaning.cleaning_fixtures import make_area, make_task
from tests.conftest import make_site
from tests.workers import WAIT_SECONDS


@pytest.fixture
def unswept_stairwells(django_db_setup, django_db_blocker):
    """In each company a stairwell planned three times a day since the day before yesterday,
    never cleaned; committed, since the worker reads through its own connection."""
    with django_db_blocker.unblock():
        alpha, beta = Company.objects.get(slug="alpha"), Company.objects.get(slug="beta")
        sites = {alpha: make_site(alpha, name="保洁甲"), beta: make_site(beta, name="保洁乙")}
        since = timezone.now() - datetime.timedelta(days=2)
        for company, site in sites.items():
            make_task(company, make_area(company, site), valid_from=since)
        try:
            yield alpha, beta
        finally:
            for company, site in sites.items():
                with schema_context(company.schema_name):
                    OverdueAlert.objects.filter(area__site=site).delete()
                    PlanTask.objects.filter(area__site=site).delete()
                    Area.objects.filter(site=site).delete()
                    Site.objects.filter(pk=site.pk).delete()


def open_alerts(company) -> int:
    with schema_context(company.schema_name):
        return OverdueAlert.objects.open().filter(area__site__name__startswith="保洁").count()


@pytest.mark.worker
def test_the_check_alerts_once_per_missed_slot_in_its_own_company(unswept_stairwells, worker):
    alpha, beta = unswept_stairwells
    runs = [
        record_overdue_alerts_task.apply_async(headers={SCHEMA_HEADER: alpha.schema_name}).get(
            timeout=WAIT_SECONDS
        )
        for _ in range(2)
    ]
    # Yesterday's three rounds at least, and those of today already past their grace.
    assert runs[0]["new"] >= 3
    assert runs[1] == {"new": 0, "cleared": 0}
    assert open_alerts(alpha) == runs[0]["new"]
    assert open_alerts(beta) == 0


def jpeg() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(out, "JPEG")
    return SimpleUploadedFile("round.jpg", out.getvalue(), content_type="image/jpeg")


def test_old_photos_are_removed_and_their_logs_stay(
    company_a, area_a, plantask_a, settings, django_capture_on_commit_callbacks
):
    settings.CLEANING_PHOTO_DAYS = 90
    long_ago = timezone.now() - datetime.timedelta(days=100)
    with tenant_context(company_a):
        old, _ = record_log(
            LogIn(uuid=uuid.uuid4(), area=area_a, task=plantask_a, done_at=long_ago),
            by=None, photo=jpeg(), now=long_ago,
        )  # fmt: skip
        recent, _ = record_log(
            LogIn(uuid=uuid.uuid4(), area=area_a, task=plantask_a), by=None, photo=jpeg()
        )
        stored = old.photo.name
        assert old.photo.storage.exists(stored)
        # The photo's file goes once the transaction commits.
        with django_capture_on_commit_callbacks(execute=True):
            assert remove_old_photos(by=None) == 1
        assert not old.photo.storage.exists(stored)
        assert CleaningLog.objects.get(pk=old.pk).photo.name == ""
        assert CleaningLog.objects.get(pk=recent.pk).photo.name != ""
        assert CleaningLog.objects.filter(pk=old.pk).exists()
