"""What the tests of the managers' cleaning pages share: a past day whose slots are all final,
how a manager reads the day grid and the week's totals, and what the pages can change.

PAST_DAY is a Monday before these tests were written: every slot of it is done, late or
missed whatever the clock says, so nothing is frozen. Plans start two weeks earlier.
"""

import datetime
import re
from html import escape, unescape
from html.parser import HTMLParser

from django_tenants.utils import schema_context

from tenants.cleaning.models import Area, CleaningLog, OverdueAlert, PlanTask
from tests.conftest import shanghai
from tests.sites.site_helpers import in_language

PAST_DAY = datetime.date(2026, 11, 16)
PLANNED_FROM = shanghai(2026, 11, 1)
VOID = {"input", "br", "img", "meta", "link", "hr", "col", "source"}


def at(hour: int, minute: int = 0, day: datetime.date = PAST_DAY) -> datetime.datetime:
    """A Shanghai time of PAST_DAY (or of `day`)."""
    return shanghai(day.year, day.month, day.day, hour, minute)


def zh(message: str, **values) -> str:
    """A message as the portal's default (Chinese) reader sees it, escaped like the page."""
    return escape(in_language("zh-hans", message, **values))


class GridReader(HTMLParser):
    """The day grid's slots as drawn: each with its area, due time, state and text."""

    def __init__(self):
        super().__init__()
        self.open: list[dict] = []
        self.slots: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        slot = None
        if "slot" in (attrs.get("class") or "").split() and "data-due" in attrs:
            slot = {
                "area": self.inherited("data-area"),
                "due": attrs["data-due"],
                "state": attrs["data-state"],
                "text": "",
                "links": [],
            }
            self.slots.append(slot)
        if tag == "a" and self.current() is not None:
            self.current()["links"].append(unescape(attrs.get("href") or ""))
        if tag not in VOID:
            self.open.append({"tag": tag, "attrs": attrs, "slot": slot})

    def handle_endtag(self, tag):
        while self.open:
            if self.open.pop()["tag"] == tag:
                break

    def handle_data(self, data):
        if self.current() is not None:
            self.current()["text"] += data

    def current(self):
        return next((e["slot"] for e in reversed(self.open) if e["slot"] is not None), None)

    def inherited(self, name):
        return next((e["attrs"][name] for e in reversed(self.open) if name in e["attrs"]), None)


def slots_on(page: str, area=None) -> list[dict]:
    """The grid's slots (of one area, if given), with their text on one line."""
    reader = GridReader()
    reader.feed(page)
    slots = [
        {**slot, "text": " ".join(slot["text"].split())}
        for slot in reader.slots
        if area is None or slot["area"] == str(area.pk)
    ]
    return slots


def states_on(page: str, area=None) -> list[tuple[str, str]]:
    return [(slot["due"], slot["state"]) for slot in slots_on(page, area)]


def week_counts(page: str, area, day: str) -> dict[str, int]:
    """The week grid's counts of one area (None: every area) on one day, e.g. {"done": 2}."""
    row_id = f'data-area="{area.pk}"' if area is not None else 'id="week-total"'
    row = re.search(rf"<tr [^>]*{row_id}[^>]*>(.*?)</tr>", page, re.S)[1]
    cell = re.search(rf'<td data-day="{day}">(.*?)</td>', row, re.S)[1]
    return {name: int(count) for name, count in re.findall(r'data-(\w+)="(\d+)"', cell)}


def day_url(site, day: datetime.date | str) -> str:
    return f"/cleaning/?site={site.pk}&day={day}"


def page_after(client, response) -> str:
    """The page a successful form redirects to, with its message."""
    assert response.status_code == 302, response.content[:500]
    return client.get(response["Location"]).content.decode()


def state(company) -> dict:
    """Everything the managers' cleaning pages can change, to check a refusal changed nothing."""
    with schema_context(company.schema_name):
        return {
            "areas": list(Area.objects.order_by("pk").values()),
            "tasks": list(PlanTask.objects.order_by("pk").values()),
            "logs": list(CleaningLog.objects.order_by("pk").values_list("pk", flat=True)),
            "alerts": list(OverdueAlert.objects.order_by("pk").values_list("pk", "cleared_at")),
            "late_hours": type(company).objects.get(pk=company.pk).late_record_hours,
        }
