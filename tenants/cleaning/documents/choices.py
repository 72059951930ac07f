"""What a download of a cleaning document asks for in its query string: the site, a day or an
ISO week, and a language. Bad or missing values are errors for people, shown on a page that
lets them choose again (answered 400), never a failure deep inside a PDF."""

import datetime
import re

from django import forms
from django.conf import settings
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from guanjia.datewindows import RECORDS_QUERY

# "2026-W49", as a browser's week picker sends it; "2026-W9" is read too.
WEEK = re.compile(r"^(\d{4})-W(\d{1,2})$")
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def document_language(chosen: str, company) -> str:
    """The language asked for, else the company's report language, else Chinese."""
    codes = {code for code, _name in settings.LANGUAGES}
    if chosen in codes:
        return chosen
    return company.language if company.language in codes else settings.LANGUAGE_CODE


class LanguageForm(forms.Form):
    lang = forms.ChoiceField(
        label=capfirst(_("language")),
        choices=[("", _("The company's language")), *settings.LANGUAGES],
        required=False,
    )

    def __init__(self, *args, sites=None, **kwargs):
        super().__init__(*args, **kwargs)


class SiteForm(LanguageForm):
    site = forms.ModelChoiceField(label=capfirst(_("site")), queryset=None)

    field_order = ["site", "lang"]

    def __init__(self, *args, sites, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites


class PeriodForm(SiteForm):
    """A site and one day, or one ISO week (Monday to Sunday)."""

    day = RECORDS_QUERY.form_field(label=capfirst(_("day")), required=False, widget=DATE_INPUT)
    week = forms.CharField(
        label=capfirst(_("week")),
        required=False,
        max_length=10,
        help_text=_("A week as year and week number, e.g. 2026-W49 (Monday to Sunday)."),
        widget=forms.TextInput(attrs={"type": "week", "placeholder": "2026-W49"}),
    )

    field_order = ["site", "day", "week", "lang"]

    def clean_week(self) -> datetime.date | None:
        text = self.cleaned_data["week"].strip().upper()
        if not text:
            return None
        match = WEEK.match(text)
        try:
            if match is None:
                raise ValueError(text)
            monday = datetime.date.fromisocalendar(int(match[1]), int(match[2]), 1)
        except ValueError as exc:
            raise forms.ValidationError(
                _("Give a week as year and week number, e.g. 2026-W49.")
            ) from exc
        RECORDS_QUERY.check(monday)
        return monday

    def clean(self):
        data = super().clean()
        day, week = data.get("day"), data.get("week")
        if "day" in self.errors or "week" in self.errors:
            return data
        if day and week:
            raise forms.ValidationError(_("Choose a day or a week, not both."))
        if not day and not week:
            raise forms.ValidationError(_("Choose a day or a week."))
        return data

    def period(self) -> tuple[datetime.date, datetime.date]:
        """The first and last day asked for (call when valid)."""
        day, week = self.cleaned_data.get("day"), self.cleaned_data.get("week")
        if day:
            return day, day
        return week, week + datetime.timedelta(days=6)
