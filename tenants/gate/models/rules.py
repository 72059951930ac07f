import uuid

from django.db import models


class RulesVersion(models.Model):
    """One row per company: renewed by the database (migration 0005) after any write to gates,
    sites, entry policies, shifts, people on duty or site assignments, so an entry decided
    under older rules is not kept as it is."""

    token = models.UUIDField(default=uuid.uuid4)

    class Meta:
        # A table for the database's eyes only: no page, form or export shows it.
        default_permissions = ()

    def __str__(self):
        return str(self.token)
