from dataclasses import dataclass

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from guanjia.phones import display_contact_phone

# A short list the guard reads at a glance: a health centre, 120, the committee, a manager.
MAX_CONTACTS = 5
CONTACT_NAME_MAX = 60


@dataclass(frozen=True)
class Contact:
    """Someone the guard calls after a fever: who they are, and their number as stored."""

    name: str
    phone: str

    @property
    def display(self) -> str:
        return display_contact_phone(self.phone)

    @property
    def tel(self) -> str:
        return f"tel:{self.phone}"


class EscalationContacts(models.Model):
    """The company's next steps after a fever at a gate: where the guard holds the person and
    whom they call. One row per company, made when a manager first fills it in."""

    ONE = 1

    id = models.PositiveSmallIntegerField(primary_key=True, default=ONE, editable=False)
    holding_place = models.CharField(
        _("where to hold a person with a fever"), max_length=200, blank=True
    )
    # [{"name": "天山社区卫生服务中心", "phone": "+862162590000"}, {"name": "急救", "phone": "120"}]
    contacts = models.JSONField(_("escalation contacts"), default=list, blank=True)

    class Meta:
        verbose_name = _("escalation contacts")
        verbose_name_plural = _("escalation contacts")
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="escalation_contacts_one_row")
        ]

    def __str__(self):
        return str(self._meta.verbose_name)

    @property
    def contact_list(self) -> list[Contact]:
        return [Contact(name=item["name"], phone=item["phone"]) for item in self.contacts]

    @property
    def filled_in(self) -> bool:
        return bool(self.holding_place or self.contacts)

    @classmethod
    def current(cls) -> "EscalationContacts":
        """The company's row, or an empty one (not saved) while nobody has filled it in."""
        return cls.objects.filter(pk=cls.ONE).first() or cls()
