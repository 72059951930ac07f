"""A real Celery worker on the real broker, for the tests of tasks.

Imported by tests/conftest.py so that any test can ask for `worker`. The worker reads through its
own database connection, so it sees only committed rows: ask for the fixture that commits them
first (`def test_…(committed_rows, worker)`), then the rows are there before the worker starts
and are removed only after it has stopped.
"""

import pytest
from celery.contrib.testing.worker import start_worker
from django.db import connection

from tasks.celery import app

# How long a test waits for a task's answer before it fails.
WAIT_SECONDS = 30


@pytest.fixture
def worker(django_db_blocker):
    """A worker thread running the project's tasks until the test ends."""
    with (
        django_db_blocker.unblock(),
        start_worker(app, perform_ping_check=False, loglevel="WARNING", shutdown_timeout=10),
    ):
        yield
    # The worker keeps its database connection between tasks (CELERY_DB_REUSE_MAX); its thread
    # is gone now, so end that session or the test database cannot be dropped at the end.
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
