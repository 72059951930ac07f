from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GateConfig(AppConfig):
    name = "tenants.gate"
    label = "gate"
    verbose_name = _("Gate")
