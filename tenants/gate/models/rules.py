import uuid

from django.db import models


class RulesVersion(models.Model):
    """One row per company: renewed whenever a gate, site, entry policy, shift, person on duty
    or site assignment changes, so an entry decided under older rules is not kept as it is."""

    token = models.UUIDField(default=uuid.uuid4)

    class Meta:
        # A table for the database's eyes only: no page, form or export shows it.
        default_permissions = ()

    def __str__(self):
        return str(self.token)
