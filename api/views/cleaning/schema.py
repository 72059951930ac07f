"""The API's schema, for the cleaning operations whose body has several shapes: JSON or a form
with a photo (a log, a correction), a common area or a facility (a new area)."""

from drf_spectacular.plumbing import force_instance
from drf_spectacular.utils import PolymorphicProxySerializer

from api.schema import AutoSchema


class CleaningSchema(AutoSchema):
    def _takes_client_id(self) -> bool:
        request = self.get_request_serializer()
        if not isinstance(request, dict):
            return super()._takes_client_id()
        for serializer in request.values():
            fields = getattr(force_instance(serializer), "fields", {})
            if "uuid" in fields and not fields["uuid"].read_only:
                return True
        return False

    def _error_codes(self) -> list[str]:
        codes = super()._error_codes()
        # A correction is made with the client's id too, though it is an action, not a create.
        if self.method == "POST" and "409" not in codes and self._takes_client_id():
            codes.insert(codes.index("413"), "409")
        return codes

    def _get_request_body(self, direction="request"):
        body = super()._get_request_body(direction)
        # Each shape has required fields, so a body is required, which drf-spectacular cannot
        # tell from a oneOf.
        if body is not None and isinstance(
            self.get_request_serializer(), PolymorphicProxySerializer
        ):
            body["required"] = True
        return body
