"""Fields that take a JSON value only in the type the schema states: 0 is not a name.

DRF is lenient by default: a number becomes a string, "12" a number, "yes" a boolean. A
partner's generated client trusts the schema, so a value of another type is a 400 that names
the field rather than something stored that the client did not mean.
"""

import math
import re
from decimal import ROUND_HALF_UP, Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from rest_framework import serializers

# What counts as "spaces only": Python's whitespace (what DRF trims, \x1c-\x1f included) and
# JSON Schema's (ECMAScript's \s, which adds U+FEFF), so the schema's pattern and the server
# agree on every character.
SPACE_CHARACTERS = r"\s\x1c-\x1f\x85\ufeff"
SPACES_ONLY = re.compile(f"[{SPACE_CHARACTERS}]*")


class CharField(serializers.CharField):
    """Text: a JSON string, nothing else."""

    default_error_messages = {"invalid": _("Enter text, in quotes.")}

    def run_validation(self, data=serializers.empty):
        if isinstance(data, str) and not self.allow_blank and SPACES_ONLY.fullmatch(data):
            self.fail("blank")
        return super().run_validation(data)

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class IntegerField(serializers.IntegerField):
    """A whole number: a JSON number without a fraction, not a string or a boolean."""

    default_error_messages = {"invalid": _("Enter a whole number, without quotes.")}

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class BooleanField(serializers.BooleanField):
    """Yes or no: JSON true or false."""

    default_error_messages = {"invalid": _("Enter true or false, without quotes.")}

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid")
        return data


class DecimalField(serializers.DecimalField):
    """A measured value such as a temperature: a JSON number, rounded to the field's places."""

    default_error_messages = {"invalid": _("Enter a number, without quotes, e.g. 36.6.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("rounding", ROUND_HALF_UP)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | float):
            self.fail("invalid")
        if self.decimal_places is not None and math.isfinite(data):
            # DRF counts digits before it rounds: 36.64 must be 36.6, not "too many digits".
            step = Decimal(1).scaleb(-self.decimal_places)
            data = Decimal(str(data)).quantize(step, rounding=self.rounding)
        return super().to_internal_value(data)


class DecimalFieldSchema(OpenApiSerializerFieldExtension):
    """Requests send a number; responses keep writing the exact decimal as a string ("36.6")."""

    target_class = DecimalField
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        field = self.target
        if direction == "response":
            return auto_schema._map_serializer_field(field, direction, bypass_extensions=True)
        schema = {"type": "number"}
        for validator in field.validators:
            if isinstance(validator, MinValueValidator):
                schema["minimum"] = float(validator.limit_value)
            elif isinstance(validator, MaxValueValidator):
                schema["maximum"] = float(validator.limit_value)
        if field.max_digits is not None and field.decimal_places is not None:
            bound = float(10 ** (field.max_digits - field.decimal_places))
            schema.setdefault("minimum", -bound + 1)
            schema.setdefault("maximum", bound - 1)
        return schema


STRICT_FIELDS = {
    serializers.CharField: CharField,
    serializers.IntegerField: IntegerField,
    serializers.DecimalField: DecimalField,
    serializers.BooleanField: BooleanField,
}


class ModelSerializer(serializers.ModelSerializer):
    """A model serializer whose text, number and yes/no fields are the strict ones above."""

    serializer_field_mapping = {
        model_field: STRICT_FIELDS.get(field, field)
        for model_field, field in serializers.ModelSerializer.serializer_field_mapping.items()
    }


class CharFieldSchema(OpenApiSerializerFieldExtension):
    """Text that may not be blank may not be spaces alone either: DRF trims it first."""

    target_class = CharField
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        schema = auto_schema._map_serializer_field(self.target, direction, bypass_extensions=True)
        if direction == "request" and not self.target.allow_blank and "pattern" not in schema:
            schema["pattern"] = f"[^{SPACE_CHARACTERS}]"
        return schema
