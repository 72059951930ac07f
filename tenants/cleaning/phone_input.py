"""What a cleaner's phone sends for one log: JSON, or multipart when a photo comes with it.

Only types and lengths are checked here; the service decides what a log may say (its times,
its task, its area) and words its refusals.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from guanjia.jsonbody import MAX_ID, clean_json_fields, json_object

FIELDS = {
    "uuid": forms.UUIDField(),
    "area": forms.IntegerField(min_value=1, max_value=MAX_ID),
    "task": forms.IntegerField(min_value=1, max_value=MAX_ID, required=False),
    "kind": forms.CharField(max_length=20, required=False),
    # The phone's clock at the work and at queueing; the service bounds both.
    "done_at": forms.DateTimeField(required=False),
    "queued_at": forms.DateTimeField(required=False),
    "agent": forms.CharField(max_length=100, required=False),
    "concentration": forms.CharField(max_length=50, required=False),
    "note": forms.CharField(max_length=500, required=False),
}


def _clean_text_fields(values: dict) -> dict:
    """A multipart form's values (all text), cleaned by the same fields, every error named."""
    cleaned, errors = {}, {}
    for name, field in FIELDS.items():
        try:
            cleaned[name] = field.clean(values.get(name))
        except ValidationError as exc:
            errors[name] = exc.error_list
    if errors:
        raise ValidationError(errors)
    return cleaned


def read_log(request) -> tuple[dict, object | None]:
    """The log's fields and its photo (an uploaded file, or None) from the phone's request.

    Raises ValidationError, translated and by field, for anything that is not a log.
    """
    if request.content_type == "multipart/form-data":
        photos = request.FILES.getlist("photo")
        if len(photos) > 1:
            raise ValidationError({"photo": _("Send one photo with a log.")})
        values = {name: request.POST.get(name) or None for name in FIELDS}
        return _clean_text_fields(values), (photos[0] if photos else None)
    return clean_json_fields(json_object(request), FIELDS), None
