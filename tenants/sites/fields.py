"""Form fields for times of day as people type them: "06:00-22:00", "22:00-06:00 2"."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from tenants.sites.timewindows import (
    SEPARATORS,
    WINDOW,
    format_windows,
    parse_window,
    parse_windows,
    windows_to_json,
)

RULE = re.compile(r"^(?P<window>.+?)\s*[:：×xX*]?\s*(?P<people>\d+)\s*人?\s*$")


class WindowsField(forms.CharField):
    """Time windows as text, kept as [["06:00", "22:00"], …]; empty means none."""

    def prepare_value(self, value):
        return format_windows(value) if isinstance(value, list) else value

    def to_python(self, value):
        return windows_to_json(parse_windows(super().to_python(value)))


class StaffingRulesField(forms.CharField):
    """One rule per line, "22:00-06:00 2": kept as [{"from", "until", "minimum"}, …]."""

    widget = forms.Textarea(attrs={"rows": 2})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(f"{r['from']}-{r['until']} {r['minimum']}" for r in value)
        return value

    def to_python(self, value):
        rules = []
        for part in SEPARATORS.split(super().to_python(value) or ""):
            if not part.strip():
                continue
            match = RULE.match(part.strip())
            # Hours alone ("22:00-06:00") would otherwise be read as "22:00-06" and ":00" people.
            if not match or WINDOW.match(part):
                raise ValidationError(
                    _("Write each rule as hours and a number of people, e.g. 22:00-06:00 2.")
                )
            start, end = parse_window(match["window"])
            rules.append(
                {"from": f"{start:%H:%M}", "until": f"{end:%H:%M}", "minimum": int(match["people"])}
            )
        return rules
