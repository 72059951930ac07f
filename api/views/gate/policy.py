"""A site's entry policy: who may enter at its response level, and switching the level."""

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from api.serializers.gate import EntryPolicySerializer, LevelSerializer
from api.views.base import SiteFeatureViewSet
from tenants.gate.services.policy import policy_for, switch_level
from tenants.sites.models import Site


class SiteEntryPolicyViewSet(SiteFeatureViewSet):
    """A site's entry policy, at /sites/<id>/entry-policy/ (and its level switch)."""

    permission_map = {"entry_policy": "gate.view", "entry_policy_level": "gate.policy"}

    @extend_schema(
        summary="The site's entry policy",
        filters=False,
        responses=EntryPolicySerializer,
    )
    @action(detail=True, methods=["get"], url_path="entry-policy", filterset_class=None)
    def entry_policy(self, request, pk=None):
        """Who may enter at the site's response level, the fever line and the two checks."""
        return Response(EntryPolicySerializer(policy_for(self.get_object())).data)

    @extend_schema(
        summary="Switch the site to a response level",
        request=LevelSerializer,
        responses=EntryPolicySerializer,
    )
    @action(detail=True, methods=["post"], url_path="entry-policy/level", filterset_class=None)
    def entry_policy_level(self, request, pk=None):
        """Apply a level's built-in rules at once; the change is recorded (who, when, from, to).

        Only a manager signed in to the portal may: every API key gets 403, whatever its scope.
        """
        site = self.get_object()
        incoming = LevelSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        switch_level([site], incoming.validated_data["level"], by=self.actor())
        return Response(EntryPolicySerializer(policy_for(Site.objects.get(pk=site.pk))).data)
