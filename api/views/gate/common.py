"""What the gate's API views share: field names in errors, resends, revealing numbers."""

from django.core.exceptions import ValidationError
from django.utils.cache import add_never_cache_headers
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from api.serializers.gate import RevealSerializer
from guanjia.idempotency import ReusedIdConflict
from tenants.gate.services.personal_data import reveal


def api_field_names(renames: dict[str, str]):
    """Report a service's field errors under the names the API's caller sent."""

    def wrap(call, *args, **kwargs):
        try:
            return call(*args, **kwargs)
        except ValidationError as exc:
            # A reused id is answered as a conflict (409): kept as it is, its field is `uuid`.
            if not hasattr(exc, "error_dict") or isinstance(exc, ReusedIdConflict):
                raise
            raise ValidationError(
                {
                    renames.get(field, field): messages
                    for field, messages in exc.message_dict.items()
                }
            ) from exc

    return wrap


PERSONAL_NAMES = api_field_names({"phone": "phone_number", "document": "document_number"})
READING_NAMES = api_field_names({"on": "taken_on"})


def created_or_found(serializer_data, created: bool) -> Response:
    """201 for a new row; 200 with the first row for a resend of the same id."""
    return Response(serializer_data, status=status.HTTP_201_CREATED if created else 200)


class RevealMixin:
    @extend_schema(request=None, responses=RevealSerializer, summary="Show the full numbers")
    @action(detail=True, methods=["post"])
    def reveal(self, request, pk=None):
        """The record's full ID or passport number and phone, for managers; each call is logged.

        Only a manager signed in to the portal may: every API key gets 403, whatever its scope.
        No cache (a proxy, the client's HTTP library) may keep the answer, as on the portal.
        """
        response = Response(reveal(self.get_object(), by=request.user))
        add_never_cache_headers(response)
        return response
