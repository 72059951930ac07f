from django import forms
from django.utils.translation import gettext_lazy as _

from guanjia.datewindows import NOTICE_FROM, NOTICE_UNTIL
from tenants.notices.builtin_templates import BUILTIN_TEMPLATES
from tenants.notices.languages import LANGUAGE_NAMES, NOTICE_LANGUAGES
from tenants.notices.models import NoticeKind
from tenants.notices.services.notices import MAX_BODY, MAX_TITLE
from tenants.sites.models import Gate, Site

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def text_field_names(language: str) -> tuple[str, str]:
    suffix = language.replace("-", "_")
    return f"title_{suffix}", f"body_{suffix}"


def gate_label(gate) -> str:
    return f"{gate.site.name} · {gate.name}"


def gates_of(sites):
    return Gate.objects.filter(site__in=sites).select_related("site").order_by("site__name", "name")


class GatesField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, gate):
        return gate_label(gate)


class GateField(forms.ModelChoiceField):
    def label_from_instance(self, gate):
        return gate_label(gate)


class NoticeForm(forms.Form):
    """The notice editor: where and when it is posted, and its four languages side by side."""

    # Made when the blank form is shown, so a double-clicked "Save" makes one notice.
    uuid = forms.UUIDField(widget=forms.HiddenInput, required=False)
    kind = forms.ChoiceField(label=_("kind"), choices=NoticeKind.choices)
    sites = forms.ModelMultipleChoiceField(
        label=_("sites"),
        queryset=Site.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    gates = GatesField(
        label=_("gates"),
        queryset=Gate.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Only to post it at particular gates, e.g. the one that is closed."),
    )
    valid_from = NOTICE_FROM.form_field(label=_("valid from"), widget=DATE_INPUT, help_text="")
    valid_until = NOTICE_UNTIL.form_field(
        label=_("valid until"),
        widget=DATE_INPUT,
        required=False,
        help_text=_("Leave empty for “until further notice”."),
    )

    def __init__(self, *args, sites, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sites"].queryset = sites
        self.fields["gates"].queryset = gates_of(sites)
        for language in NOTICE_LANGUAGES:
            title, body = text_field_names(language)
            self.fields[title] = forms.CharField(
                label=_("title"),
                max_length=MAX_TITLE,
                required=False,
                widget=forms.TextInput(attrs={"lang": language}),
            )
            self.fields[body] = forms.CharField(
                label=_("text"),
                max_length=MAX_BODY,
                required=False,
                strip=False,
                widget=forms.Textarea(attrs={"lang": language, "rows": 14}),
                help_text=_("A blank line starts a paragraph; “- ” starts a list item; **bold**."),
            )

    def language_columns(self):
        """(language, its name, title field, body field) for the side-by-side editor."""
        for language in NOTICE_LANGUAGES:
            title, body = text_field_names(language)
            yield language, LANGUAGE_NAMES[language], self[title], self[body]

    def setting_fields(self):
        return [self[name] for name in ("kind", "sites", "gates", "valid_from", "valid_until")]

    @staticmethod
    def notice_data(data: dict) -> dict:
        """Cleaned data in the shape the notice services take."""
        texts = {"title": {}, "body": {}}
        for language in NOTICE_LANGUAGES:
            title, body = text_field_names(language)
            texts["title"][language] = data.get(title, "")
            texts["body"][language] = data.get(body, "")
        return {
            "kind": data["kind"],
            "sites": list(data["sites"]),
            "gates": list(data["gates"]),
            "valid_from": data["valid_from"],
            "valid_until": data["valid_until"],
            **texts,
        }

    @staticmethod
    def initial_for(notice) -> dict:
        initial = {
            "kind": notice.kind,
            "sites": list(notice.sites.all()),
            "gates": list(notice.gates.all()),
            "valid_from": notice.valid_from,
            "valid_until": notice.valid_until,
        }
        for language in NOTICE_LANGUAGES:
            title, body = text_field_names(language)
            initial[title] = notice.title.get(language, "")
            initial[body] = notice.body.get(language, "")
        return initial


class FromTemplateForm(forms.Form):
    """A notice from a built-in template: which one, where, and for a closure which gates."""

    uuid = forms.UUIDField(widget=forms.HiddenInput, required=False)
    template = forms.ChoiceField(
        label=_("template"), choices=list(BUILTIN_TEMPLATES.items()), widget=forms.RadioSelect
    )
    site = forms.ModelChoiceField(label=_("site"), queryset=Site.objects.none())
    closed_gate = GateField(
        label=_("closed gate"),
        queryset=Gate.objects.none(),
        required=False,
        help_text=_("For a gate closure only."),
    )
    open_gate = GateField(
        label=_("nearest open gate"),
        queryset=Gate.objects.none(),
        required=False,
        help_text=_("For a gate closure only."),
    )

    def __init__(self, *args, sites, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites
        self.fields["closed_gate"].queryset = gates_of(sites)
        self.fields["open_gate"].queryset = gates_of(sites)
