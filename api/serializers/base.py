"""What every company serializer shares: thin model serializers and caller-visible related ids."""

from rest_framework import serializers

from api.serializers import strict


def access_of(context):
    """The caller's Access, set on the view by HasCompanyPermission (None outside a request)."""
    return getattr(context.get("view"), "access", None)


class VisibleRelatedField(serializers.PrimaryKeyRelatedField):
    """An id in a request body, looked up among the rows the caller may see.

    A site manager cannot attach a gate to a site that is not theirs, nor a shift to such a
    gate; another company's ids do not exist in this schema. Both read as "does not exist".
    """

    def get_queryset(self):
        return super().get_queryset().visible_to(access_of(self.context))


class CompanySerializer(strict.ModelSerializer):
    """A model serializer that only reads and shapes data: the services check and save it.

    `Meta.create_only_fields` (e.g. a gate's site) are given when a row is created and
    read-only afterwards.
    """

    def get_validators(self):
        # Names unique in a site, one shift per person, gate and start: the services report
        # these in the caller's language, so the serializer adds no unique validators.
        return []

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:
            for name in getattr(self.Meta, "create_only_fields", ()):
                fields[name].read_only = True
        return fields
