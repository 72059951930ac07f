"""Shanghai's sixteen districts: where sites are and what regulators oversee."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class District(models.TextChoices):
    HUANGPU = "huangpu", _("Huangpu District")
    XUHUI = "xuhui", _("Xuhui District")
    CHANGNING = "changning", _("Changning District")
    JINGAN = "jingan", _("Jing'an District")
    PUTUO = "putuo", _("Putuo District")
    HONGKOU = "hongkou", _("Hongkou District")
    YANGPU = "yangpu", _("Yangpu District")
    MINHANG = "minhang", _("Minhang District")
    BAOSHAN = "baoshan", _("Baoshan District")
    JIADING = "jiading", _("Jiading District")
    PUDONG = "pudong", _("Pudong New Area")
    JINSHAN = "jinshan", _("Jinshan District")
    SONGJIANG = "songjiang", _("Songjiang District")
    QINGPU = "qingpu", _("Qingpu District")
    FENGXIAN = "fengxian", _("Fengxian District")
    CHONGMING = "chongming", _("Chongming District")
