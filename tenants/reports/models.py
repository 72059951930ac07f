from django.db import models
from django.utils.translation import gettext_lazy as _


class DailyReport(models.Model):
    """The company's figures for one day, produced by the daily report task."""

    day = models.DateField(_("day"), unique=True)
    sites = models.PositiveIntegerField(_("sites"))
    households = models.PositiveIntegerField(_("households"))
    produced_at = models.DateTimeField(_("produced"), auto_now=True)

    class Meta:
        verbose_name = _("daily report")
        verbose_name_plural = _("daily reports")
        ordering = ["-day"]

    def __str__(self):
        return str(self.day)
