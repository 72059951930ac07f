"""Sign-in lockout (django-axes) counted per account, however its address is typed."""

from django.conf import settings

from accounts.models import User, canonical_sign_in_name


def lockout_username(request, credentials: dict | None = None) -> str:
    """The name axes counts failures and locks under: the account's own sign-in name.

    Axes would otherwise count what was typed, so `Name@x` and `name@x ` each had their own five
    guesses and a success under one spelling lifted the lock of another. Asking the same lookup
    that signs people in (`get_by_natural_key`) means the lock and the account cannot disagree.
    A login by mobile number counts under its number in E.164, however it was typed ("138 0013
    8000", "+86…"); an address or number without an account is counted in its canonical form.
    """
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        typed = credentials.get(field)
    else:
        typed = getattr(request, "data", request.POST).get(field)
    try:
        return User._default_manager.get_by_natural_key(typed or "").sign_in_name
    except (User.DoesNotExist, User.MultipleObjectsReturned):
        return canonical_sign_in_name(typed)
