"""Query-string filters: a bad or empty value is a 400 that names the parameter."""

from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from rest_framework import exceptions

BOOLEAN_VALUES = {"true", "false"}


class FilterBackend(filters.DjangoFilterBackend):
    """django-filter, without its habit of reading an empty or unknown value as "no filter".

    `?recorded_before=` or `?overridden=null` used to list everything, which a partner reads
    as an answer to a question they did not ask.
    """

    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        if filterset is None:
            return None
        errors = {}
        for name, filter_ in filterset.filters.items():
            values = request.query_params.getlist(name)
            if not values:
                continue
            if len(values) > 1:
                errors[name] = [_("Give this parameter once.")]
            elif values[0].strip() == "":
                errors[name] = [_("This parameter may not be empty.")]
            elif isinstance(filter_, filters.BooleanFilter) and values[0] not in BOOLEAN_VALUES:
                errors[name] = [_("Enter true or false.")]
        if errors:
            raise exceptions.ValidationError(errors)
        return filterset
