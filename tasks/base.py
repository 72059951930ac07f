import logging

from django.db import connection, transaction
from django.utils import translation
from django_tenants.utils import get_public_schema_name
from tenant_schemas_celery.task import TenantTask

from companies.models import Company

logger = logging.getLogger(__name__)

SCHEMA_HEADER = "_schema_name"
LOCALE_HEADER = "_locale"


def current_headers() -> dict:
    """The company schema and language of the code that enqueues, captured now."""
    return {SCHEMA_HEADER: connection.schema_name, LOCALE_HEADER: translation.get_language()}


class CompanyTask(TenantTask):
    """Base of every task: runs in the enqueuer's company schema and language.

    The schema switch is tenant-schemas-celery's (entered before the body, left after it);
    this class adds the language and enqueueing after the surrounding transaction commits,
    so a worker never looks for rows that are not yet visible to it.
    """

    abstract = True

    def delay_on_commit(self, *args, **kwargs) -> None:
        headers = current_headers()
        transaction.on_commit(lambda: self.apply_async(args, kwargs, headers=headers))

    def delay_on_commit_if_possible(self, *args, **kwargs) -> None:
        """Like delay_on_commit, for work a periodic task will also do: a broker outage is
        logged rather than turning the user's committed change into an error page."""
        headers = current_headers()

        def send():
            try:
                self.apply_async(args, kwargs, headers=headers)
            except self.app.connection_for_write().connection_errors as exc:
                logger.warning("Could not enqueue %s: %s", self.name, exc)

        transaction.on_commit(send)

    def apply_async_on_commit(self, args=None, kwargs=None, **options) -> None:
        options["headers"] = {**current_headers(), **(options.get("headers") or {})}
        transaction.on_commit(lambda: self.apply_async(args, kwargs, **options))

    def __call__(self, *args, **kwargs):
        headers = self.request.headers or {}
        locale = headers.get(LOCALE_HEADER) or self.request.get(LOCALE_HEADER)
        with translation.override(locale or translation.get_language()):
            return super().__call__(*args, **kwargs)


def for_every_company(task, *args) -> int:
    """Enqueue `task` once per company, in its schema and its language; returns how many."""
    companies = Company.objects.exclude(schema_name=get_public_schema_name()).values_list(
        "schema_name", "language"
    )
    count = 0
    for schema, language in companies.iterator():
        task.apply_async(args, headers={SCHEMA_HEADER: schema, LOCALE_HEADER: language})
        count += 1
    return count
