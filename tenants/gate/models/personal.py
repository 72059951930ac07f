from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from guanjia.encryption import BlindIndexField, EncryptedField
from tenants.gate.identity import DocumentKind, display_phone, mask


class PersonalData(models.Model):
    """The personal fields a gate record may hold: encrypted, searchable by hash, removable."""

    name = models.CharField(pgettext_lazy("person", "name"), max_length=100, blank=True)
    document_kind = models.CharField(
        _("document"), max_length=10, choices=DocumentKind.choices, blank=True
    )
    document_number = EncryptedField(_("ID-card or passport number"), blank=True)
    document_hash = BlindIndexField(source="document_number")
    phone = EncryptedField(_("mobile number"), blank=True)
    phone_hash = BlindIndexField(source="phone")
    # Set when the retention task stripped the fields above; the rest stays for the counts.
    personal_data_removed_at = models.DateTimeField(
        _("personal data removed"), null=True, blank=True, editable=False
    )

    # What the retention task clears, and the values it clears them to.
    PERSONAL_FIELDS = {
        "name": "",
        "document_number": "",
        "document_hash": "",
        "phone": "",
        "phone_hash": "",
    }

    class Meta:
        abstract = True

    @property
    def document_masked(self) -> str:
        return mask(self.document_number)

    @property
    def phone_masked(self) -> str:
        return mask(display_phone(self.phone))

    @property
    def phone_display(self) -> str:
        return display_phone(self.phone)


class PersonalDataView(models.Model):
    """One time a manager saw someone's full ID or phone number: who, when, which record."""

    viewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    viewed_at = models.DateTimeField(_("viewed at"), auto_now_add=True)
    record_type = models.CharField(_("record"), max_length=40)
    record_id = models.BigIntegerField(_("record number"))
    fields = models.JSONField(_("fields shown"))

    class Meta:
        verbose_name = _("personal data view")
        verbose_name_plural = _("personal data views")
        ordering = ["-viewed_at", "-id"]
        indexes = [models.Index(fields=["record_type", "record_id"])]

    def __str__(self):
        return f"{self.viewed_by} · {self.record_type} #{self.record_id}"
