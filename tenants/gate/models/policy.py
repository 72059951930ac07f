from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tenants.gate.policy import Level, Policy, preset
from tenants.sites.models import Site, SiteScopedQuerySet

# A site nobody has set a policy for follows the level-2 rules of 24 March 2020.
DEFAULT_LEVEL = Level.LEVEL_2


class EntryPolicy(models.Model):
    """A site's entry rules: its response level and, for each category, who may come in."""

    site = models.OneToOneField(Site, on_delete=models.CASCADE, related_name="entry_policy")
    level = models.CharField(_("response level"), max_length=10, choices=Level.choices)
    rules = models.JSONField(_("rules by category"))
    threshold = models.DecimalField(
        _("abnormal temperature from"),
        max_digits=3,
        decimal_places=1,
        default=Decimal("37.3"),
        validators=[MinValueValidator(Decimal("36.5")), MaxValueValidator(Decimal("39.0"))],
    )
    green_code_required = models.BooleanField(
        _("non-residents must show a green health code"), default=True
    )
    travel_reported = models.BooleanField(
        _("travel in a key region in the last 14 days is reported"), default=True
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = SiteScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("entry policy")
        verbose_name_plural = _("entry policies")

    def __str__(self):
        # The log keeps this as the record's name in every reader's language: no words in it.
        return str(self.site)

    def as_policy(self) -> Policy:
        return Policy(
            level=self.level,
            rules=self.rules,
            threshold=self.threshold,
            green_code_required=self.green_code_required,
            travel_reported=self.travel_reported,
        )

    @classmethod
    def default_for(cls, site: Site) -> "EntryPolicy":
        """The unsaved policy a site follows until a manager sets one."""
        rules = preset(DEFAULT_LEVEL)
        return cls(
            site=site,
            level=rules.level,
            rules=dict(rules.rules),
            threshold=rules.threshold,
            green_code_required=rules.green_code_required,
            travel_reported=rules.travel_reported,
        )


class PolicyChange(models.Model):
    """One change of a site's entry policy: who, when, from which level to which, and the rules."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="policy_changes")
    from_level = models.CharField(
        pgettext_lazy("change", "from"), max_length=10, choices=Level.choices
    )
    to_level = models.CharField(pgettext_lazy("change", "to"), max_length=10, choices=Level.choices)
    policy = models.JSONField(_("rules after the change"))
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("changed by"),
    )

    objects = SiteScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("entry policy change")
        verbose_name_plural = _("entry policy changes")
        ordering = ["-changed_at", "-id"]

    def __str__(self):
        return f"{self.site}: {self.from_level} → {self.to_level}"
