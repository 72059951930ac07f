"""One shape for every API error: {"detail": "<message>", "errors": {field: [messages]}}."""

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from api.parsers import RequestTooLarge
from guanjia.idempotency import ReusedIdConflict


def exception_handler(exc, context):
    if isinstance(exc, ReusedIdConflict):
        # A client id sent again with other data: the first record stands, nothing is written.
        set_rollback()
        return Response(
            {"detail": exc.detail, "errors": exc.message_dict}, status=status.HTTP_409_CONFLICT
        )
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = (
            response.data
            if isinstance(response.data, dict)
            else {"non_field_errors": response.data}
        )
        response.data = error_body(_("Some of the data is not valid."), errors)
    elif isinstance(exc, Http404 | exceptions.NotFound):
        response.data = error_body(_("Not found."))
    elif isinstance(exc, PermissionDenied | exceptions.PermissionDenied):
        response.data = error_body(_("You do not have permission to do this."))
    elif isinstance(response.data, dict) and "detail" in response.data:
        response.data = error_body(str(response.data["detail"]))
    else:
        response.data = error_body(str(exc))
    return response


def error_body(detail: str, errors: dict | None = None) -> dict:
    """The body of every API error: a message, and per field or parameter what is wrong."""
    return {"detail": detail, "errors": errors or {}}


@csrf_exempt
def not_found(request, *args, **kwargs):
    """An address under /api/v1/ that names no endpoint: a JSON 404 like every other."""
    return error_response(error_body(_("Not found.")), status=404)


def bad_request(request, exception=None):
    """Django's answer to a request it could not read (e.g. a body over the size limit).

    Under /api/ it is JSON in the error shape, like every other API answer; a body that is too
    large says so with 413. Pages keep Django's own 400 page.
    """
    if not request.path.startswith("/api/"):
        return defaults.bad_request(request, exception)
    if isinstance(exception, RequestDataTooBig):
        too_large = RequestTooLarge()
        return error_response(error_body(str(too_large.detail)), status=too_large.status_code)
    return error_response(error_body(_("The request could not be read.")), status=400)


def error_response(body: dict, *, status: int) -> JsonResponse:
    """An error answered outside DRF, written as DRF writes its own: UTF-8, not \\u escapes."""
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
