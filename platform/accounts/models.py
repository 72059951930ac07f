import unicodedata

import phonenumbers
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role, role_has_permission

__all__ = [
    "Invitation",
    "Membership",
    "Role",
    "SignInCode",
    "User",
    "canonical_email",
    "canonical_sign_in_name",
]


def canonical_email(typed: str) -> str:
    """An e-mail address as someone typed it, in the one form an account is found by.

    The same letters the sign-in form would keep (NFKC, as Django's username field does),
    without surrounding spaces and in lower case, however they were typed.
    """
    return unicodedata.normalize("NFKC", typed or "").strip().lower()


def phone_or_none(typed: str) -> str | None:
    """A mobile number as typed at sign-in ("138 0013 8000", "+86 138…") in E.164, or None.

    The same reading as `tenants.gate.identity.normalize_phone` (mainland numbers without +86),
    without its error: at sign-in, anything that is not a number is read as an e-mail address.
    """
    text = unicodedata.normalize("NFKC", typed or "").strip()
    if not text or "@" in text:
        return None
    try:
        number = phonenumbers.parse(text, "CN")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def canonical_sign_in_name(typed: str) -> str:
    """What someone typed in the sign-in form's one field, as a mobile number or an address."""
    return phone_or_none(typed) or canonical_email(typed)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **fields):
        # None, not "", for a login by mobile number: the column is unique.
        email = self.normalize_email(email).lower() or None
        user = self.model(email=email, **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)

    def get_or_create_by_email(self, email: str) -> "User":
        """The user with this e-mail, created without a usable password if new."""
        email = self.normalize_email(email).strip().lower()
        user = self.filter(email=email).first()
        return user or self.create_user(email)

    def get_by_natural_key(self, username):
        # The sign-in form's one field takes an e-mail address or a mobile number.
        phone = phone_or_none(username)
        if phone is not None:
            return self.get(phone=phone)
        # iexact still finds an account stored in mixed case (the admin keeps what is typed).
        return self.get(email__iexact=canonical_email(username))


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in: company staff, platform staff or a regulator."""

    # Guards and cleaners often have no e-mail: their login is their mobile number instead.
    # E-mail stays the USERNAME_FIELD (the admin, password reset); sign-in finds either.
    email = models.EmailField(_("e-mail"), unique=True, null=True, blank=True)
    phone = models.CharField(_("mobile number"), max_length=20, unique=True, null=True, blank=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    is_staff = models.BooleanField(_("platform staff"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    regulator = models.ForeignKey(
        "regulators.Regulator",
        verbose_name=_("regulator"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            # Sign-in finds an account by its address in any letter case, so two accounts
            # may not differ by case alone: one of them could never sign in.
            models.UniqueConstraint(
                Lower("email"),
                name="one_account_per_email",
                violation_error_message=_("An account with this e-mail address already exists."),
            ),
            models.CheckConstraint(
                condition=models.Q(email__isnull=False) | models.Q(phone__isnull=False),
                name="account_has_email_or_phone",
            ),
        ]

    def __str__(self):
        return self.full_name or self.sign_in_name

    def clean(self):
        super().clean()
        # Kept the way sign-in reads it, whoever typed it (the admin's forms call this).
        self.email = canonical_email(self.email) or None
        self.phone = phone_or_none(self.phone) or self.phone or None

    @property
    def sign_in_name(self) -> str:
        """What this person types to sign in: their e-mail address, or else their mobile number."""
        return self.email or self.phone or ""

    @property
    def is_regulator(self) -> bool:
        return self.regulator_id is not None


class Membership(models.Model):
    """A user's role in one company; a user may belong to several companies."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    company = models.ForeignKey(
        "companies.Company", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    # A deactivated member keeps the row (their past records still name them) but no access.
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "company"], name="one_membership_per_company")
        ]

    def __str__(self):
        return f"{self.user} · {self.company} · {self.get_role_display()}"

    def has_permission(self, permission: str) -> bool:
        return role_has_permission(self.role, permission)


class Invitation(models.Model):
    """A one-time link, valid for a week, that lets someone join a company with a role."""

    company = models.ForeignKey(
        "companies.Company", on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail"))
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    # Sites live in the company's schema, so they cannot be a foreign key from here.
    site_ids = models.JSONField(default=list, blank=True)
    # Only a hash: whoever reads the table cannot use a link that is still open.
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        User, null=True, on_delete=models.SET_NULL, related_name="invitations_sent"
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} · {self.company}"

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at


class SignInCode(models.Model):
    """A one-time code a manager hands over to enrol a login by mobile number, like a device.

    Valid for minutes and used once; the person sets a password or PIN with it and is signed in.
    Kept as a keyed hash only: whoever reads the table cannot use a code still open.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sign_in_codes")
    company = models.ForeignKey(
        "companies.Company", on_delete=models.CASCADE, related_name="sign_in_codes"
    )
    code_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        User, null=True, on_delete=models.SET_NULL, related_name="sign_in_codes_issued"
    )
    created_at = models.DateTimeField(_("issued"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)

    class Meta:
        verbose_name = _("sign-in code")
        verbose_name_plural = _("sign-in codes")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.user} · {self.company}"

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at
