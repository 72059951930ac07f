from django.apps import AppConfig


class TasksConfig(AppConfig):
    """The Celery tasks as a Django app: so that their receivers listen in every process."""

    name = "tasks"
    verbose_name = "Tasks"

    def ready(self):
        from tasks import rosters  # noqa: F401 - connects the recheck after shift changes
