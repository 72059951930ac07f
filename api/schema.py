"""The OpenAPI schema states every answer an operation can give, errors included."""

from drf_spectacular import openapi
from drf_spectacular.plumbing import force_instance
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    """The body of every API error, in the caller's language (Accept-Language)."""

    detail = serializers.CharField(help_text="What went wrong, in one sentence.")
    errors = serializers.DictField(
        child=serializers.JSONField(),
        help_text=(
            "For each field or query parameter that is not valid, the list of what is wrong "
            "with it; empty when the error is not about one field."
        ),
    )


ERRORS = {
    "400": "The request is not valid: `errors` names each field or query parameter and why.",
    "401": "No valid credentials: send `Authorization: Api-Key gj_…` or sign in.",
    "403": (
        "The caller's role, or the API key's scope, does not allow this operation. "
        "A read-only key may only read."
    ),
    "404": "No such record that the caller may see, or no such page of results.",
    "409": (
        "This `uuid` was already used for a record with other data: the first record stands "
        "and nothing was written. Send a new `uuid` for a new record."
    ),
    "413": "The request body is larger than the server accepts.",
    "415": "The request body is not JSON (`Content-Type: application/json`).",
}


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's schema, with the error answers each operation can give."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if "201" in responses and self._takes_client_id():
            # A resend of the same uuid and body answers with the first record.
            resent = dict(responses["201"])
            resent["description"] = "The same `uuid` and body again: the first record, unchanged."
            responses.setdefault("200", resent)
        for code in self._error_codes():
            if code not in responses:
                response = self._get_response_for_code(ErrorSerializer, code, direction=direction)
                response["description"] = ERRORS[code]
                responses[code] = response
        return responses

    def get_request_serializer(self):
        # A change (PATCH) is described with the serializer bound to a row, as the view uses it,
        # so fields fixed when the row was made (`Meta.create_only_fields`) are not offered.
        serializer = super().get_request_serializer()
        meta = getattr(serializer, "Meta", None)
        if self.method == "PATCH" and getattr(meta, "create_only_fields", None):
            serializer = force_instance(serializer)
            serializer.instance = meta.model()
            serializer.__dict__.pop("fields", None)
        return serializer

    def _get_filter_parameters(self):
        # An empty filter value is refused (api.filters): say so.
        parameters = super()._get_filter_parameters()
        for parameter in parameters:
            if parameter.get("schema", {}).get("type") == "string":
                parameter["schema"]["minLength"] = 1
        return parameters

    def _error_codes(self) -> list[str]:
        codes = ["400", "401", "403"]
        if "{" in self.path or self._is_list_view():
            codes.append("404")
        if self.method in ("POST", "PUT", "PATCH"):
            if self._is_create_operation() and self._takes_client_id():
                codes.append("409")
            codes += ["413", "415"]
        return codes

    def _takes_client_id(self) -> bool:
        serializer = force_instance(self.get_request_serializer())
        fields = getattr(serializer, "fields", {})
        return "uuid" in fields and not fields["uuid"].read_only
