from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from guanjia.districts import District


class Regulator(models.Model):
    """A government body (e.g. 上海市物业中心) that reads the companies in its districts."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    districts = ArrayField(
        models.CharField(max_length=20, choices=District.choices),
        verbose_name=_("jurisdiction"),
        help_text=_("The districts whose sites this regulator may read."),
    )

    class Meta:
        verbose_name = _("regulator")
        verbose_name_plural = _("regulators")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def district_labels(self) -> list[str]:
        return [District(code).label for code in self.districts]
