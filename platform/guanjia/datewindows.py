"""How far back and ahead each date or time that a user or partner sends may lie.

One window per kind of field, counted from today in Shanghai. The API's serializers, the
portal's forms, the guard's phone and the services all check with these, so they agree, and a
date like 0001-01-01 or 9999-12-31 is refused with the window named instead of failing deep
inside date arithmetic. The README's architecture section lists them; keep it in step.
"""

import datetime
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from rest_framework import serializers

MINUTE_FORMAT = "%Y-%m-%d %H:%M"


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(0), tzinfo=timezone.get_default_timezone())


def _invalid(message: str, field: str | None) -> ValidationError:
    error = ValidationError(message, code="date_window")
    return ValidationError({field: [error]}) if field else error


@dataclass(frozen=True)
class DateWindow:
    """From `back` days before today to `ahead` days after it (Shanghai), both days included."""

    back: int
    ahead: int

    def bounds(self, today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
        today = today or timezone.localdate()
        return today - datetime.timedelta(days=self.back), today + datetime.timedelta(
            days=self.ahead
        )

    def message(self, today: datetime.date | None = None) -> str:
        first, last = self.bounds(today)
        return _("Enter a date between %(first)s and %(last)s.") % {
            "first": first.isoformat(),
            "last": last.isoformat(),
        }

    def check(self, value: datetime.date, *, field: str | None = None, today=None) -> None:
        """Raise ValidationError naming the window (under `field`, if given) for a date outside."""
        first, last = self.bounds(today)
        if not first <= value <= last:
            raise _invalid(self.message(today), field)

    def check_moment(
        self, value: datetime.datetime, *, field: str | None = None, today=None
    ) -> None:
        """The same window for a time: from midnight of its first day to the end of its last."""
        first, last = self.bounds(today)
        start, end = _local_midnight(first), _local_midnight(last) + datetime.timedelta(days=1)
        if timezone.is_naive(value):
            value = timezone.make_aware(value)
        # Aware datetimes compare without converting, so year 1 or 9999 cannot overflow here.
        if not start <= value < end:
            raise _invalid(
                _("Enter a time between %(first)s and %(last)s.")
                % {
                    "first": start.strftime(MINUTE_FORMAT),
                    "last": (end - datetime.timedelta(minutes=1)).strftime(MINUTE_FORMAT),
                },
                field,
            )

    def validate(self, value) -> None:
        """A field validator (Django forms and DRF alike), for dates and times."""
        if isinstance(value, datetime.datetime):
            self.check_moment(value)
        elif value is not None:
            self.check(value)

    def _describe(self) -> str:
        values = {"back": self.back, "ahead": self.ahead}
        if self.ahead == 0:
            return _("From %(back)s days before today to today (Shanghai time).") % values
        if self.ahead == 1:
            return _("From %(back)s days before today to tomorrow (Shanghai time).") % values
        if self.back == 0:
            return _("From today to %(ahead)s days after today (Shanghai time).") % values
        return (
            _("From %(back)s days before today to %(ahead)s days after today (Shanghai time).")
            % values
        )

    @property
    def help_text(self):
        """The window in words, in the reader's language (lazy: fields are made at import)."""
        return lazy(self._describe, str)()

    def help_text_with(self, text):
        return format_lazy("{} {}", text, self.help_text)

    def form_field(self, field_class=forms.DateField, **kwargs):
        kwargs.setdefault("help_text", self.help_text)
        return field_class(validators=[self.validate], **kwargs)

    def serializer_field(self, field_class=serializers.DateField, **kwargs):
        kwargs.setdefault("help_text", self.help_text)
        return field_class(validators=[self.validate], **kwargs)

    def model_field_kwargs(self, **kwargs) -> dict:
        """`extra_kwargs` for a model serializer's date field."""
        return {"validators": [self.validate], "help_text": self.help_text, **kwargs}


@dataclass(frozen=True)
class MomentWindow:
    """From `back` before now to `ahead` after it, to the minute."""

    back: datetime.timedelta
    ahead: datetime.timedelta

    def check(self, value: datetime.datetime, *, field: str | None = None, now=None) -> None:
        now = now or timezone.now()
        first, last = now - self.back, now + self.ahead
        if timezone.is_naive(value):
            value = timezone.make_aware(value)
        if not first <= value <= last:
            raise _invalid(
                _("Enter a time between %(first)s and %(last)s.")
                % {
                    "first": timezone.localtime(first).strftime(MINUTE_FORMAT),
                    "last": timezone.localtime(last).strftime(MINUTE_FORMAT),
                },
                field,
            )

    def validate(self, value) -> None:
        if value is not None:
            self.check(value)

    def _describe(self) -> str:
        return _("From %(back)s days ago to %(ahead)s minutes from now.") % {
            "back": self.back.days,
            "ahead": int(self.ahead.total_seconds() // 60),
        }

    @property
    def help_text(self):
        return lazy(self._describe, str)()

    def form_field(self, field_class=forms.DateTimeField, **kwargs):
        kwargs.setdefault("help_text", self.help_text)
        return field_class(validators=[self.validate], **kwargs)

    def serializer_field(self, field_class=serializers.DateTimeField, **kwargs):
        kwargs.setdefault("help_text", self.help_text)
        return field_class(validators=[self.validate], **kwargs)


# The windows. Why each is as wide as it is:

# A gate entry happened now; the guard's phone keeps entries while offline and sends them when
# it has signal again, so a week back. A phone whose clock runs up to an hour fast (no network
# time at a gate without signal) must not stop a guard from recording: such an entry is dated
# now. Further ahead is not a clock's drift, and is refused.
ENTRY_TIME = MomentWindow(back=datetime.timedelta(days=7), ahead=datetime.timedelta(minutes=60))

# A returnee's arrival, the committee's registration and the first day of an isolation: the
# longest isolation a company can set is 60 days, so anyone who started earlier is done.
ISOLATION_START = DateWindow(back=60, ahead=0)

# A day of a running isolation (a temperature reading, an early end): at most 12 weeks from
# its start (see ISOLATION_LONGEST), so about three months back, and never tomorrow.
ISOLATION_DAY = DateWindow(back=90, ahead=0)

# An isolation ends at most 12 weeks after its first day, extensions included.
ISOLATION_LONGEST = datetime.timedelta(weeks=12)
# The new last day an extension may name, before the case's own limit is applied.
ISOLATION_EXTENSION = DateWindow(back=0, ahead=ISOLATION_LONGEST.days)

# Shifts, rotas, roster imports, and the days of the coverage board and report: rosters are
# planned up to a year ahead and corrected up to a year back.
ROSTER = DateWindow(back=366, ahead=366)

# Notices: posted from up to a year ahead; an old notice keeps the start it was given (three
# years back), and "valid until" may lie up to three years either way.
NOTICE_FROM = DateWindow(back=1096, ahead=366)
NOTICE_UNTIL = DateWindow(back=1096, ahead=1096)

# Dates that filter what is already recorded (entries, passes, readings): five years of
# history, and tomorrow at the latest.
RECORDS_QUERY = DateWindow(back=1827, ahead=1)


def _later(day: datetime.date, delta: datetime.timedelta) -> datetime.date:
    # Rows saved before these windows existed may sit at the end of the calendar.
    try:
        return day + delta
    except OverflowError:
        return datetime.date.max


def check_extension(
    starts_on: datetime.date, planned_end: datetime.date, until: datetime.date
) -> None:
    """An extension's new last day: after the current one and within 12 weeks of the start."""
    latest = _later(starts_on, ISOLATION_LONGEST)
    if until > latest:
        first = max(_later(planned_end, datetime.timedelta(days=1)), timezone.localdate())
        if first > latest:
            raise _invalid(
                _("This isolation cannot last past %(last)s, 12 weeks after its first day.")
                % {"last": latest.isoformat()},
                "until",
            )
        raise _invalid(
            _("Enter a date between %(first)s and %(last)s.")
            % {"first": first.isoformat(), "last": latest.isoformat()},
            "until",
        )
