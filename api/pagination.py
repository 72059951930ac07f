"""Pages of at most 200 rows; a page or page size that is not a number is a 400 that names it."""

from django.utils.translation import gettext as _
from rest_framework import exceptions, pagination

MAX_PAGE_SIZE = 200


class PageNumberPagination(pagination.PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        return self._positive_number(self.page_size_query_param, raw, maximum=self.max_page_size)

    def get_page_number(self, request, paginator):
        raw = request.query_params.get(self.page_query_param)
        if raw is None:
            return 1
        return self._positive_number(self.page_query_param, raw)

    @staticmethod
    def _positive_number(name: str, raw: str, maximum: int | None = None) -> int:
        number = int(raw) if raw.isascii() and raw.isdigit() else 0
        if number < 1 or (maximum is not None and number > maximum):
            message = (
                _("Enter a whole number from 1 to %(maximum)s.") % {"maximum": maximum}
                if maximum is not None
                else _("Enter a whole number from 1.")
            )
            raise exceptions.ValidationError({name: [message]})
        return number

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["maximum"] = self.max_page_size
        return parameters
