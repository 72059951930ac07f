"""Times of day as people write them: "06:00-22:00", "22:00至06:00", several separated by "，"."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from tenants.sites.timewindows import (
    contains,
    crosses_midnight,
    format_windows,
    parse_time,
    parse_window,
    parse_windows,
    windows_from_json,
    windows_to_json,
)

t = datetime.time


def message_of(error: pytest.ExceptionInfo) -> str:
    (message,) = error.value.messages
    return message


@pytest.mark.parametrize(
    ("text", "window"),
    [
        ("06:00-22:00", (t(6), t(22))),
        ("22:00-06:00", (t(22), t(6))),
        ("6:30-9:00", (t(6, 30), t(9))),
        ("  17:00 - 20:00  ", (t(17), t(20))),
        ("22:00至06:00", (t(22), t(6))),
        ("22:00到06:00", (t(22), t(6))),
        ("08:00～12:00", (t(8), t(12))),
        ("08:00~12:00", (t(8), t(12))),
        ("08:00–12:00", (t(8), t(12))),
        ("08:00—12:00", (t(8), t(12))),
        ("00:00-23:59", (t(0), t(23, 59))),
        ("23:59-00:00", (t(23, 59), t(0))),
    ],
)
def test_a_window_is_read_with_any_dash_or_chinese_word_between_the_times(text, window):
    assert parse_window(text) == window


def test_several_windows_are_separated_by_commas_semicolons_or_new_lines():
    morning, evening = (t(6, 30), t(9)), (t(17), t(20))
    for text in (
        "06:30-09:00, 17:00-20:00",
        "06:30-09:00，17:00-20:00",
        "06:30至09:00；17:00至20:00",
        "06:30-09:00、17:00-20:00",
        "06:30-09:00\n17:00-20:00",
        "06:30-09:00\r\n17:00-20:00\n",
        "06:30-09:00,,  ，17:00-20:00",
    ):
        assert parse_windows(text) == [morning, evening], text


def test_an_empty_text_is_no_window():
    assert parse_windows("") == []
    assert parse_windows(None) == []
    assert parse_windows(" ，\n ") == []


def test_a_night_window_crosses_midnight_and_a_day_window_does_not():
    assert crosses_midnight((t(22), t(6)))
    assert crosses_midnight((t(23, 59), t(0)))
    assert not crosses_midnight((t(6), t(22)))
    assert not crosses_midnight((t(0), t(23, 59)))


@pytest.mark.parametrize(
    ("moment", "inside"),
    [
        (t(5, 59), False),
        (t(6), True),  # the start is in the window
        (t(12), True),
        (t(21, 59, 59), True),
        (t(22), False),  # the end is not
        (t(23), False),
        (t(0), False),
    ],
)
def test_a_day_window_contains_its_start_but_not_its_end(moment, inside):
    assert contains((t(6), t(22)), moment) is inside


@pytest.mark.parametrize(
    ("moment", "inside"),
    [
        (t(21, 59), False),
        (t(22), True),
        (t(23, 59, 59), True),
        (t(0), True),  # midnight belongs to the night
        (t(5, 59), True),
        (t(6), False),
        (t(12), False),
    ],
)
def test_a_night_window_contains_the_hours_on_both_sides_of_midnight(moment, inside):
    assert contains((t(22), t(6)), moment) is inside


def test_a_window_ending_at_midnight_stops_at_the_end_of_the_day():
    evening = parse_window("18:00-00:00")
    assert crosses_midnight(evening)
    assert contains(evening, t(23, 59))
    assert not contains(evening, t(0))
    assert not contains(evening, t(17, 59))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "“” is not a time window such as 22:00-06:00."),
        ("22:00", "“22:00” is not a time window such as 22:00-06:00."),
        ("  晚上十点到早上六点 ", "“晚上十点到早上六点” is not a time window such as 22:00-06:00."),
        ("22-06", "“22-06” is not a time window such as 22:00-06:00."),
        ("22:00 06:00", "“22:00 06:00” is not a time window such as 22:00-06:00."),
        ("22:00-06:00-08:00", "“22:00-06:00-08:00” is not a time window such as 22:00-06:00."),
        ("22.00-06.00", "“22.00-06.00” is not a time window such as 22:00-06:00."),
        ("24:00-06:00", "“24:00” is not a time of day such as 06:30."),
        ("22:00-06:60", "“06:60” is not a time of day such as 06:30."),
        ("08:00-8:00", "“08:00-8:00” starts and ends at the same time."),
        (" 00:00至00:00 ", "“00:00至00:00” starts and ends at the same time."),
    ],
)
def test_a_window_that_cannot_be_read_is_refused_with_a_message_saying_why(text, message):
    with translation.override("en"), pytest.raises(ValidationError) as error:
        parse_window(text)
    assert message_of(error) == message


def test_the_message_is_in_the_readers_language():
    with translation.override("zh-hans"), pytest.raises(ValidationError) as error:
        parse_windows("06:00-09:00，晚上")
    assert message_of(error) == "“晚上”不是有效时段，格式应如 22:00-06:00。"


def test_one_bad_window_among_several_refuses_the_whole_text():
    with translation.override("en"), pytest.raises(ValidationError) as error:
        parse_windows("06:00-09:00，17:00-17:00")
    assert message_of(error) == "“17:00-17:00” starts and ends at the same time."


@pytest.mark.parametrize("text", ["24:00", "7", "07:5", "07:60", "", "noon", None])
def test_a_time_of_day_must_be_hours_and_minutes_before_midnight(text):
    with translation.override("en"), pytest.raises(ValidationError) as error:
        parse_time(text)
    assert message_of(error) == f"“{text}” is not a time of day such as 06:30."


def test_windows_are_stored_as_people_wrote_them_and_read_back_unchanged():
    windows = parse_windows("6:30-9:00，22:00至06:00")
    stored = windows_to_json(windows)
    assert stored == [["06:30", "09:00"], ["22:00", "06:00"]]
    assert windows_from_json(stored) == windows
    assert windows_from_json(None) == []
    assert format_windows(stored) == "06:30-09:00, 22:00-06:00"
