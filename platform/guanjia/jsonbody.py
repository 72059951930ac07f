"""Reading a JSON object that a page's own script posts, with a clear error for anything else."""

import json

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from guanjia.textcheck import unstorable_text_paths

# The largest id PostgreSQL's bigint holds: a larger number names no row.
MAX_ID = 2**63 - 1


def json_object(request) -> dict:
    """The request's body as a JSON object; raises ValidationError, translated, if it is not one.

    A body nested thousands of levels deep, text PostgreSQL cannot store (a NUL character, a
    lone surrogate) and anything but an object are the sender's mistake, never a server error.
    """
    try:
        body = json.loads(request.body or b"{}")
    except RecursionError:
        raise ValidationError(_("The request body is nested too deeply.")) from None
    except ValueError:
        body = None
    if not isinstance(body, dict):
        raise ValidationError(_("The phone sent something that is not an entry."))
    bad = next(unstorable_text_paths(body), None)
    if bad is not None:
        raise ValidationError(
            {bad or "__all__": [_("Text may not contain a NUL character or a lone surrogate.")]}
        )
    return body


def clean_json_fields(body: dict, fields: dict[str, forms.Field]) -> dict:
    """Each field's value cleaned by its form field, after checking its JSON type.

    Form fields are made for text from a browser's form and read 12345 as "12345" and
    ["138"] as "['138']"; a JSON body says what it means, so the type must be the field's own.
    Raises ValidationError naming every field that is wrong.
    """
    cleaned, errors = {}, {}
    for name, field in fields.items():
        value = body.get(name)
        if value is not None and not _json_type_fits(field, value):
            errors[name] = [ValidationError(_("This value has the wrong type."))]
            continue
        try:
            cleaned[name] = field.clean(value)
        except ValidationError as exc:
            errors[name] = exc.error_list
    if errors:
        raise ValidationError(errors)
    return cleaned


def _json_type_fits(field: forms.Field, value) -> bool:
    if isinstance(field, forms.BooleanField):
        return isinstance(value, bool)
    # Before IntegerField, which DecimalField is a kind of.
    if isinstance(field, forms.DecimalField):
        # The phone sends what its number input holds, "36.6", or a number.
        return isinstance(value, str | int | float) and not isinstance(value, bool)
    if isinstance(field, forms.IntegerField):
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, str)
