from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RostersConfig(AppConfig):
    name = "tenants.rosters"
    label = "rosters"
    verbose_name = _("Gate rosters")

    def ready(self):
        from tenants.rosters import sessions  # noqa: F401 - connects the sign-in receiver
