"""Notices: texts in four languages as one object per field, as partner apps expect them."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers import strict
from api.serializers.base import CompanySerializer, VisibleRelatedField
from guanjia.datewindows import NOTICE_FROM, NOTICE_UNTIL
from guanjia.idempotency import REUSED_ID_HELP
from tenants.notices.formatting import body_html
from tenants.notices.languages import NOTICE_LANGUAGES
from tenants.notices.models import Notice, NoticeVersion
from tenants.sites.models import Gate, Site

LANGUAGE_OBJECT = {
    "type": "object",
    "properties": {language: {"type": "string"} for language in NOTICE_LANGUAGES},
    "additionalProperties": False,
    "example": {
        "zh-hans": "防疫温馨提示",
        "en": "Epidemic Prevention Reminders",
        "ja": "",
        "ko": "",
    },
}


@extend_schema_field(
    {
        **LANGUAGE_OBJECT,
        "description": 'One text per language: {"zh-hans": …, "en": …, "ja": …, "ko": …}. An '
        "empty string is a language not written yet. A change sends only the languages it "
        'changes; send "" to clear one.',
    }
)
class I18nTextField(serializers.Field):
    """Text a company writes in several languages, as {"zh-hans": …, "en": …, "ja": …, "ko": …}."""

    default_error_messages = {
        "not_an_object": _('Give one text per language, e.g. {"zh-hans": "…", "en": "…"}.'),
        "unknown_language": _("Unknown language: %(codes)s. Use zh-hans, en, ja and ko."),
        "not_text": _("Each language's text must be a string."),
    }

    def to_representation(self, value):
        return {language: (value or {}).get(language, "") for language in NOTICE_LANGUAGES}

    def to_internal_value(self, data):
        # Raised directly, not with self.fail(): DRF fills messages with str.format, and these
        # contain braces and gettext's %(name)s placeholders.
        if not isinstance(data, dict):
            raise serializers.ValidationError(
                self.error_messages["not_an_object"], code="not_an_object"
            )
        unknown = set(data) - set(NOTICE_LANGUAGES)
        if unknown:
            raise serializers.ValidationError(
                self.error_messages["unknown_language"] % {"codes": ", ".join(sorted(unknown))},
                code="unknown_language",
            )
        if not all(isinstance(text, str) for text in data.values()):
            self.fail("not_text")
        return data


@extend_schema_field({**LANGUAGE_OBJECT, "description": "The body as safe HTML, per language."})
class I18nHtmlField(serializers.Field):
    """The body of each language as the board shows it: HTML with everything written escaped."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        return {
            language: str(body_html(value.get(language, ""))) if value.get(language) else ""
            for language in NOTICE_LANGUAGES
        }


@extend_schema_field(
    {
        "type": "object",
        "properties": {
            language: {"type": "string", "enum": ["complete", "missing", "outdated"]}
            for language in NOTICE_LANGUAGES
        },
        "description": "Each language: complete, missing, or outdated (written before the "
        "Chinese text last changed).",
    }
)
class LanguageStatesField(serializers.ReadOnlyField):
    pass


class NoticeSerializer(CompanySerializer):
    """A notice to residents in four languages, posted at sites (or particular gates)."""

    uuid = serializers.UUIDField(
        required=False,
        help_text=REUSED_ID_HELP,
    )
    kind_display = strict.CharField(source="get_kind_display", read_only=True)
    title = I18nTextField()
    body = I18nTextField(
        help_text="Plain text: a blank line starts a paragraph, “- ” or “1. ” a list item, "
        "**bold** is bold. HTML is shown as typed, never run."
    )
    body_html = I18nHtmlField(source="body")
    languages = LanguageStatesField(source="language_states")
    sites = VisibleRelatedField(queryset=Site.objects.all(), many=True, required=False)
    gates = VisibleRelatedField(queryset=Gate.objects.all(), many=True, required=False)

    class Meta:
        model = Notice
        fields = [
            "id",
            "uuid",
            "kind",
            "kind_display",
            "title",
            "body",
            "body_html",
            "languages",
            "sites",
            "gates",
            "valid_from",
            "valid_until",
            "status",
            "version",
            "published_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["status", "version", "published_at", "created_at", "updated_at"]
        create_only_fields = ["uuid"]
        extra_kwargs = {
            "valid_from": NOTICE_FROM.model_field_kwargs(required=False),
            "valid_until": NOTICE_UNTIL.model_field_kwargs(),
        }


class NoticeVersionSerializer(strict.ModelSerializer):
    """A notice as it was published once."""

    title = I18nTextField(read_only=True)
    body = I18nTextField(read_only=True)

    class Meta:
        model = NoticeVersion
        fields = ["number", "kind", "title", "body", "valid_from", "valid_until", "published_at"]
        read_only_fields = fields


class BoardNoticeSerializer(strict.ModelSerializer):
    """A notice in force, as a site's public board shows it."""

    kind_display = strict.CharField(source="get_kind_display", read_only=True)
    title = I18nTextField(read_only=True)
    body = I18nTextField(read_only=True)
    body_html = I18nHtmlField(source="body")
    languages = LanguageStatesField(source="language_states")
    gates = serializers.SerializerMethodField()

    class Meta:
        model = Notice
        fields = [
            "id",
            "kind",
            "kind_display",
            "title",
            "body",
            "body_html",
            "languages",
            "gates",
            "valid_from",
            "valid_until",
            "version",
            "published_at",
        ]
        read_only_fields = fields

    def get_gates(self, notice) -> list[str]:
        site = self.context["site"]
        return [gate.name for gate in notice.gates.all() if gate.site_id == site.pk]


class BoardSerializer(serializers.Serializer):
    """A site's public board: its address and the notices in force today."""

    site = strict.IntegerField(source="site.pk")
    site_name = strict.CharField(source="site.name")
    url = serializers.URLField()
    date = serializers.DateField()
    notices = BoardNoticeSerializer(many=True)
