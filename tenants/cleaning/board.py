"""The disinfection record (公示) on a site's public board: each public area, how often it is
cleaned, and what became of each slot today and on the 6 days before, in the reader's language.

Registered with the board by CleaningConfig.ready() (the notices may not import cleaning).
Residents see the truth: a missed slot says "missed", a slot done after its grace period says
"done late", and a log written long after the work says "recorded late" (补录), in words and
not only in colour. No photos and no names: a done slot shows the cleaner's staff number
at most. A staff number rather than initials: a Chinese name's initial is its surname, half of
a two-character name and shared by half the staff; the number tells a resident nothing about
the person, while the company can trace it to its member (the People page's addresses use it).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Membership
from companies.services import current_company
from tenants.cleaning.documents.words import (
    STATE_WORDS,
    area_order,
    clock,
    due_text,
    local_day,
    plan_lines,
    task_label,
)
from tenants.cleaning.models import Area, PlanTask
from tenants.cleaning.reading import counted_logs, slots_of_areas
from tenants.cleaning.slots import DAY, SlotState
from tenants.notices.board import BoardSection
from tenants.sites.models import Site

# Today and the 6 days before: a week, as the 公示 asks.
BOARD_DAYS = 7
EXTRA = "extra"  # a log that filled no slot of the plan: extra work, shown as done


@dataclass
class Mark:
    """One slot, or one piece of extra work, as the board shows it."""

    time: str
    state: str
    words: str
    due: str = ""
    recorded_late: bool = False
    staff: str = ""


@dataclass
class KindMarks:
    kind: str
    label: str
    marks: list[Mark] = field(default_factory=list)


@dataclass
class DayRecord:
    day: datetime.date
    is_today: bool
    kinds: list[KindMarks] = field(default_factory=list)


@dataclass
class AreaRecord:
    """A public area's plan and its last week, most recent day first."""

    area: Area
    plan: list
    days: list[DayRecord]
    many_kinds: bool


def _staff_numbers(user_ids) -> dict[int, str]:
    """The company's member number of each cleaner, as the board shows it."""
    if not user_ids:
        return {}
    members = Membership.objects.filter(company=current_company(), user_id__in=user_ids)
    return {
        user_id: _("No. %(number)s") % {"number": number}
        for user_id, number in members.values_list("user_id", "pk")
    }


def _done_mark(slot, log: dict, staff: dict) -> Mark:
    return Mark(
        time=clock(log["done_at"]),
        state=slot.state if slot is not None else EXTRA,
        words=str(STATE_WORDS[slot.state]) if slot is not None else _("extra"),
        due=due_text(slot) if slot is not None and slot.state == SlotState.LATE else "",
        recorded_late=log["recorded_late"],
        staff=staff.get(log["done_by_id"], ""),
    )


def disinfection_record(site: Site, *, now: datetime.datetime) -> list[AreaRecord]:
    """The record of the site's public areas over the last BOARD_DAYS days, at `now`.

    Six queries whatever the number of areas: the areas, their current tasks, the slots'
    tasks and logs, the logs shown, and the cleaners' member numbers.
    """
    areas = sorted(
        Area.objects.filter(site=site, public=True, active=True).select_related("facility"),
        key=area_order,
    )
    if not areas:
        return []
    today = timezone.localdate(now)
    first = today - datetime.timedelta(days=BOARD_DAYS - 1)
    tasks = defaultdict(list)
    for task in PlanTask.objects.filter(area__in=areas).current():
        tasks[task.area_id].append(task)
    # From the day before: a log just after midnight may have filled last night's slot.
    slots = slots_of_areas(areas, first - DAY, today, now)
    start = datetime.datetime.combine(
        first, datetime.time(0), tzinfo=timezone.get_current_timezone()
    )
    logs = {
        log["pk"]: log
        for log in counted_logs()
        .filter(area__in=areas, done_at__gte=start, done_at__lte=now)
        .values("pk", "area_id", "kind", "done_at", "recorded_late", "done_by_id")
    }
    staff = _staff_numbers({log["done_by_id"] for log in logs.values() if log["done_by_id"]})
    marks = defaultdict(list)  # (area, day, kind) -> [(sort key, Mark)]
    for slot in slots:
        log = logs.pop(slot.log_id, None) if slot.log_id is not None else None
        if slot.day < first:
            continue
        if log is not None:
            mark = _done_mark(slot, log, staff)
        else:
            # A slot may be done from the moment it opens, hours before its time: to a
            # resident it is "due now" only once its time has come.
            state = (
                SlotState.UPCOMING if slot.state == SlotState.DUE and now < slot.due else slot.state
            )
            mark = Mark(time=due_text(slot), state=state, words=str(STATE_WORDS[state]))
        # Work shows when it was done; what was not done, when it was due.
        shown_at = log["done_at"] if log is not None else slot.due
        marks[slot.area_id, slot.day, slot.kind].append((shown_at, mark))
    for log in logs.values():  # extra work, filling no slot
        done_at = log["done_at"]
        marks[log["area_id"], local_day(done_at), log["kind"]].append(
            (done_at, _done_mark(None, log, staff))
        )
    by_area = defaultdict(dict)  # area -> {(day, kind): [marks in time order]}
    for (area_id, day, kind), found in marks.items():
        by_area[area_id][day, kind] = [mark for _at, mark in sorted(found, key=lambda p: p[0])]
    return [_area_record(area, tasks[area.pk], by_area[area.pk], today) for area in areas]


def _area_record(area: Area, tasks, marks: dict, today: datetime.date) -> AreaRecord:
    days = []
    for back in range(BOARD_DAYS):
        day = today - datetime.timedelta(days=back)
        kinds = sorted(kind for on, kind in marks if on == day)
        days.append(
            DayRecord(
                day=day,
                is_today=back == 0,
                kinds=[KindMarks(kind, task_label(kind), marks[day, kind]) for kind in kinds],
            )
        )
    kinds = {kind for _day, kind in marks} | {task.kind for task in tasks}
    return AreaRecord(
        area=area,
        plan=plan_lines(tasks, area.hours, today),
        days=days,
        many_kinds=len(kinds) > 1,
    )


def cleaning_section(site: Site, *, language: str, now: datetime.datetime):
    """The board's disinfection record, or None when the site shows no public area."""
    records = disinfection_record(site, now=now)
    if not records:
        return None
    context = {"records": records, "language": language}
    return BoardSection(
        html=render_to_string("cleaning/board/section.html", context),
        style=render_to_string("cleaning/board/section.css", context),
    )
