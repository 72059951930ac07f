from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CleaningConfig(AppConfig):
    name = "tenants.cleaning"
    label = "cleaning"
    verbose_name = _("Cleaning and disinfection")

    def ready(self):
        # The board belongs to the notices, a lower room: cleaning adds its section to it.
        from tenants.cleaning.board import cleaning_section
        from tenants.notices.board import register_section

        register_section(cleaning_section)
