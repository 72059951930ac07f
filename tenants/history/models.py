import datetime

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import sees_every_site


class ActorKind(models.TextChoices):
    USER = "user", _("person")
    API_KEY = "api_key", _("API key")
    SYSTEM = "system", _("system")


class LogEntryQuerySet(models.QuerySet):
    def about(self, record: models.Model):
        """One record's entries, newest first (the history_object index finds them)."""
        return self.filter(object_type=record._meta.label_lower, object_id=record.pk).order_by(
            "-at", "-id"
        )

    def between(self, first: datetime.date | None, last: datetime.date | None):
        """Entries from the first day's midnight to the end of the last (Shanghai time)."""
        zone = timezone.get_default_timezone()
        entries = self
        if first is not None:
            entries = entries.filter(
                at__gte=datetime.datetime.combine(first, datetime.time(0), zone)
            )
        if last is not None:
            end = datetime.datetime.combine(last, datetime.time(0), zone) + datetime.timedelta(
                days=1
            )
            entries = entries.filter(at__lt=end)
        return entries

    def visible_to(self, access):
        """Everything for those who see every site; for site staff, their sites' entries only."""
        if access is None:
            return self.none()
        if sees_every_site(access):
            return self.all()
        # Every room writes to the log, so it sits below the sites app and imports nothing of
        # it: the site model comes from the app registry, as a string foreign key would.
        sites = apps.get_model("sites", "Site").objects.visible_to(access)
        return self.filter(site_id__in=sites.values("pk"))


class LogEntry(models.Model):
    """One change of state in the company, as it was said when it happened; never changed after."""

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    # Actors live in the public schema and may go; ids and labels are kept as plain values so
    # a record keeps its author's name after an account or a key is removed.
    actor_kind = models.CharField(_("actor kind"), max_length=10, choices=ActorKind.choices)
    actor_user_id = models.BigIntegerField(null=True, blank=True)
    actor_api_key_id = models.BigIntegerField(null=True, blank=True)
    actor_label = models.CharField(_("actor"), max_length=200, blank=True)
    action = models.CharField(_("action"), max_length=64)
    object_type = models.CharField(_("kind of record"), max_length=64)
    object_id = models.BigIntegerField(null=True, blank=True)
    object_label = models.CharField(_("record"), max_length=200, blank=True)
    # The site the record belongs to, for the company log's site filter and site managers.
    site_id = models.BigIntegerField(null=True, blank=True)
    data = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)

    objects = LogEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("log entry")
        verbose_name_plural = _("log entries")
        ordering = ["-at", "-id"]
        default_permissions = ()
        # Every index is paid for on the guard's hot path (an entry writes its log row in the
        # same statement): a record's history, and a site's days. Filters by person or action
        # narrow a date range these already find.
        indexes = [
            models.Index(fields=["object_type", "object_id", "at"], name="history_object"),
            models.Index(fields=["site_id", "at"], name="history_site"),
        ]

    def __str__(self):
        return f"{self.actor_label} {self.action} {self.object_label}"
