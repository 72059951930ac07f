"""Times of day written by people ("06:30-09:00, 17:00-20:00") and the rules on them.

A window whose end is not after its start crosses midnight: "22:00-06:00" is the night.
Windows are stored as JSON lists of "HH:MM" strings so that the API shows what people typed.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

WINDOW = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*[-–—~～至到]\s*(\d{1,2}):(\d{2})\s*$")
SEPARATORS = re.compile(r"[,，;；、\n]+")


def parse_time(text: str) -> datetime.time:
    """ "06:30" → time(6, 30); "24:00" is refused (write 00:00)."""
    match = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*", text or "")
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise ValidationError(
            _("“%(value)s” is not a time of day such as 06:30.") % {"value": text}
        )
    return datetime.time(int(match[1]), int(match[2]))


def format_time(value: datetime.time) -> str:
    return value.strftime("%H:%M")


def parse_window(text: str) -> tuple[datetime.time, datetime.time]:
    match = WINDOW.match(text)
    if not match:
        raise ValidationError(
            _("“%(value)s” is not a time window such as 22:00-06:00.") % {"value": text.strip()}
        )
    start = parse_time(f"{match[1]}:{match[2]}")
    end = parse_time(f"{match[3]}:{match[4]}")
    if start == end:
        raise ValidationError(
            _("“%(value)s” starts and ends at the same time.") % {"value": text.strip()}
        )
    return start, end


def parse_windows(text: str) -> list[tuple[datetime.time, datetime.time]]:
    """Several windows separated by commas or new lines; an empty text is no window."""
    return [parse_window(part) for part in SEPARATORS.split(text or "") if part.strip()]


def windows_to_json(windows) -> list[list[str]]:
    return [[format_time(start), format_time(end)] for start, end in windows]


def windows_from_json(value) -> list[tuple[datetime.time, datetime.time]]:
    return [(parse_time(start), parse_time(end)) for start, end in value or []]


def format_windows(value) -> str:
    return ", ".join(f"{start}-{end}" for start, end in value or [])


def contains(window: tuple[datetime.time, datetime.time], moment: datetime.time) -> bool:
    """Whether a time of day falls in a window, the end excluded; handles windows over midnight."""
    start, end = window
    if start < end:
        return start <= moment < end
    return moment >= start or moment < end


def crosses_midnight(window) -> bool:
    start, end = window
    return end <= start
