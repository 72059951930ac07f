from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PlatformActorKind(models.TextChoices):
    USER = "user", _("person")
    SYSTEM = "system", _("system")


class PlatformLogEntry(models.Model):
    """One change the platform itself made (companies, memberships, keys, regulators' access)."""

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    # Kept as plain values, as in a company's log: an entry keeps its author's name after the
    # account is removed.
    actor_kind = models.CharField(_("actor kind"), max_length=10, choices=PlatformActorKind.choices)
    actor_user_id = models.BigIntegerField(null=True, blank=True)
    actor_label = models.CharField(_("actor"), max_length=200, blank=True)
    action = models.CharField(_("action"), max_length=64)
    object_type = models.CharField(_("kind of record"), max_length=64)
    object_id = models.BigIntegerField(null=True, blank=True)
    object_label = models.CharField(_("record"), max_length=200, blank=True)
    # The company the change concerns, for the admin's filter; none for a regulator's sign-in.
    company_id = models.BigIntegerField(null=True, blank=True)
    data = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        verbose_name = _("platform log entry")
        verbose_name_plural = _("platform log")
        ordering = ["-at", "-id"]
        # The admin only lists it: no add, change or delete permission exists to grant.
        default_permissions = ("view",)
        indexes = [models.Index(fields=["object_type", "object_id", "at"], name="audit_object")]

    def __str__(self):
        return f"{self.actor_label} {self.action} {self.object_label}"
