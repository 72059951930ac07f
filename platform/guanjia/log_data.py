"""What a log entry keeps of a change's data, in the company's action log and the platform's:
JSON, with personal numbers masked and no secret."""

import json

from django.core.serializers.json import DjangoJSONEncoder

from guanjia.masking import mask, mask_phone

# Personal numbers are kept masked, the way most readers see them elsewhere.
MASKED = {"document_number": mask, "document": mask, "phone": mask_phone}
# Never written at all, whatever a caller hands over: what would let someone act as another.
SECRETS = {"password", "key", "api_key", "token", "secret", "code", "pin", "request_hash"}


def _clean(value):
    """The value as JSON keeps it, numbers masked and secrets left out, at any depth."""
    if isinstance(value, dict):
        cleaned = {}
        for key, item in value.items():
            if key in SECRETS:
                continue
            if key in MASKED and item:
                masker = MASKED[key]
                item = (
                    [masker(v) if v else v for v in item]
                    if isinstance(item, list)
                    else masker(item)
                )
            cleaned[key] = _clean(item)
        return cleaned
    if isinstance(value, list | tuple):
        return [_clean(item) for item in value]
    return value


def clean_data(data: dict | None) -> dict:
    """What a log entry keeps of `data`: JSON, with personal numbers masked and no secret."""
    return _clean(json.loads(json.dumps(data or {}, cls=DjangoJSONEncoder)))
