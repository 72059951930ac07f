from rest_framework import serializers

from tenants.sites.models import Site
from tenants.sites.services import EDITABLE_FIELDS


class SiteSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    district_display = serializers.CharField(source="get_district_display", read_only=True)

    class Meta:
        model = Site
        fields = [
            "id",
            *EDITABLE_FIELDS,
            "kind_display",
            "district_display",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]
        # Name uniqueness is the service's rule; the service reports it.
        validators = []
