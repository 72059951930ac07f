import uuid

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from guanjia.idempotency import request_hash_field
from tenants.notices.languages import CHINESE, COMPLETE, language_states
from tenants.sites.models import Gate, Site
from tenants.sites.models.site import ALL_SITES_ROLES


class NoticeKind(models.TextChoices):
    PREVENTION = "prevention", _("Prevention reminder")
    ENTRY_RULES = "entry_rules", _("Entry rules")
    GATE_CLOSURE = "gate_closure", _("Gate closure")
    HOME_ISOLATION = "home_isolation", _("Home-isolation instructions")
    RUBBISH = "rubbish", _("Rubbish rules")
    EMERGENCY = "emergency", _("Emergency")
    OTHER = "other", _("Other")


class NoticeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class NoticeQuerySet(models.QuerySet):
    def visible_to(self, access):
        """Notices posted at a site the caller may see (all of them for managers and viewers)."""
        if access is None:
            return self.none()
        if access.role in ALL_SITES_ROLES or access.user is None:
            return self.all()
        return self.filter(Exists(self._postings_at(Site.objects.visible_to(access))))

    def with_translation_gaps(self) -> list[int]:
        """The ids of these notices with a translation missing or older than the Chinese text.

        Read from each notice's texts, so it runs over the rows: the caller narrows them first.
        """
        rows = (
            self.prefetch_related(None).order_by().values_list("pk", "title", "body", "revised_at")
        )
        return [
            pk
            for pk, title, body, revised_at in rows.iterator()
            if set(language_states(title, body, revised_at or {}).values()) - {COMPLETE}
        ]

    def editable_by(self, access):
        """Visible notices posted nowhere beyond the caller's sites: a site manager may not
        change what residents of another manager's site read."""
        if access is None:
            return self.none()
        visible = self.visible_to(access)
        if access.role in ALL_SITES_ROLES or access.user is None:
            return visible
        return visible.exclude(
            Exists(self._postings_at(Site.objects.exclude(pk__in=Site.objects.visible_to(access))))
        )

    def in_force(self, site: Site, day):
        """What a site's board shows on `day`: published, within its dates, posted there."""
        return self.filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=day),
            status=NoticeStatus.PUBLISHED,
            valid_from__lte=day,
            sites=site,
        )

    @staticmethod
    def _postings_at(sites):
        return Notice.sites.through.objects.filter(notice=OuterRef("pk"), site__in=sites)


class Notice(models.Model):
    """A notice to residents in up to four languages, posted at sites or at particular gates."""

    # Made by the client when it wants a retried create to find the first one (see create_notice).
    uuid = models.UUIDField(_("key"), default=uuid.uuid4, unique=True, editable=False)
    request_hash = request_hash_field()
    kind = models.CharField(_("kind"), max_length=20, choices=NoticeKind.choices)
    # {"zh-hans": "…", "en": "…", "ja": "…", "ko": "…"}; a missing key is an unwritten language.
    title = models.JSONField(_("title"), default=dict)
    body = models.JSONField(_("body"), default=dict)
    # language -> when its title or body last changed (ISO 8601, UTC): a translation written
    # before the Chinese text last changed is out of date.
    revised_at = models.JSONField(default=dict, editable=False)
    sites = models.ManyToManyField(Site, verbose_name=_("sites"), related_name="notices")
    gates = models.ManyToManyField(
        Gate,
        verbose_name=_("gates"),
        related_name="notices",
        blank=True,
        help_text=_("Leave empty to post the notice for the whole site."),
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=NoticeStatus.choices, default=NoticeStatus.DRAFT
    )
    # The number of the latest published version (0 until first published).
    version = models.PositiveIntegerField(_("version"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-valid_from", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="notice_valid_until_after_valid_from",
            ),
        ]

    def __str__(self):
        return self.title.get(CHINESE) or str(_("(no Chinese title)"))

    @property
    def language_states(self) -> dict[str, str]:
        return language_states(self.title, self.body, self.revised_at)


class NoticeVersion(models.Model):
    """A notice's text and dates as published once: kept when a published notice changes."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    kind = models.CharField(_("kind"), max_length=20, choices=NoticeKind.choices)
    title = models.JSONField(_("title"))
    body = models.JSONField(_("body"))
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("notice version")
        verbose_name_plural = _("notice versions")
        ordering = ["notice", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["notice", "number"], name="notice_version_unique"),
        ]

    def __str__(self):
        return f"{self.notice} v{self.number}"
