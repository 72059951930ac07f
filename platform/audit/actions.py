"""Every action the platform log knows, with the verb phrase shown in the reader's language."""

from django.utils.translation import gettext_lazy as _

PLATFORM_ACTIONS = {
    "company.created": _("created the company"),
    "membership.added": _("gave the person a role in the company"),
    "membership.changed": _("changed the person's role in the company"),
    "membership.deactivated": _("deactivated the person in the company"),
    "membership.reactivated": _("reactivated the person in the company"),
    "membership.removed": _("removed the person from the company"),
    "sign_in_code.issued": _("gave the person a one-time sign-in code"),
    "password.reset_sent": _("sent the person a link to choose a new password"),
    "password.reset": _("chose a new password with a link sent by e-mail"),
    "sign_in_code.voided": _("stopped the person's sign-in code after too many wrong tries"),
    "api_key.created": _("created the API key"),
    "api_key.revoked": _("revoked the API key"),
    "regulator.signed_in": _("signed in to the regulator area"),
}
