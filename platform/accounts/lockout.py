"""Sign-in lockout (django-axes) counted per account, however its address is typed."""

from django.conf import settings

from accounts.models import User, canonical_email


def lockout_username(request, credentials: dict | None = None) -> str:
    """The name axes counts failures and locks under: the address of the account signed in to.

    Axes would otherwise count what was typed, so `Name@x` and `name@x ` each had their own five
    guesses and a success under one spelling lifted the lock of another. Asking the same lookup
    that signs people in (`get_by_natural_key`) means the lock and the account cannot disagree;
    an address without an account is counted in its canonical form.
    """
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        typed = credentials.get(field)
    else:
        typed = getattr(request, "data", request.POST).get(field)
    try:
        return User._default_manager.get_by_natural_key(typed or "").email
    except (User.DoesNotExist, User.MultipleObjectsReturned):
        return canonical_email(typed)
