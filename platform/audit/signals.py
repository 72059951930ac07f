"""A regulator's sign-in goes to the platform log, whichever way they signed in."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from audit.services import log_platform_action


@receiver(user_logged_in, dispatch_uid="audit_regulator_signed_in")
def log_regulator_sign_in(sender, request, user, **kwargs):
    # Django's sign-in signal is the one place every way of signing in passes (the form, the
    # hand-off to a company's host), as axes' access log uses it; sign-in views are
    # platform_bookkeeping, so this runs outside a regulator's read-only transaction.
    if getattr(user, "is_regulator", False):
        log_platform_action(user, "regulator.signed_in", by=user, label=user.regulator)
