"""What the tests of the roster pages share: how a manager reads the coverage board and a form.

`blocks_on` gives the board's shift and gap blocks as (kind, label) in the order drawn;
`form_values` the values a browser would send for the page's main form; `text_of` a page's text.
The board's week is the one of 1 December 2026 (Monday 30 November to Sunday 6 December).
"""

import datetime
import re
from html import unescape
from html.parser import HTMLParser

from django.utils import timezone
from django_tenants.utils import schema_context

from tenants.rosters.models import Shift

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
WEEK = "2026-12-01"
MONDAY = datetime.date(2026, 11, 30)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
VOID = {"input", "br", "img", "meta", "link", "hr", "col", "source"}


class BoardReader(HTMLParser):
    """What the board draws: each shift or gap block with its gate, day, label and link."""

    def __init__(self):
        super().__init__()
        self.open: list[dict] = []
        self.blocks: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        block = None
        if classes[:1] in (["shift"], ["gap"]):
            block = {
                "gate": self.inherited("data-gate"),
                "day": self.inherited("data-day"),
                "kind": classes[0],
                "absent": "absent" in classes,
                "href": unescape(attrs.get("href") or ""),
                "text": "",
            }
            self.blocks.append(block)
        if tag not in VOID:
            self.open.append({"tag": tag, "attrs": attrs, "block": block})

    def handle_endtag(self, tag):
        while self.open:
            if self.open.pop()["tag"] == tag:
                break

    def handle_data(self, data):
        for element in reversed(self.open):
            if element["block"] is not None:
                element["block"]["text"] += data
                break

    def inherited(self, name):
        return next((e["attrs"][name] for e in reversed(self.open) if name in e["attrs"]), None)


def blocks_on(page: str, gate: str | None = None, day: str | None = None) -> list[tuple]:
    """The board's blocks as a manager reads them: (kind, label) in the order drawn."""
    reader = BoardReader()
    reader.feed(page)
    return [
        ("absent" if block["absent"] else block["kind"], " ".join(block["text"].split()))
        for block in reader.blocks
        if (gate is None or block["gate"] == gate) and (day is None or block["day"] == day)
    ]


def gap_link(page: str, gate: str, day: str) -> str:
    reader = BoardReader()
    reader.feed(page)
    [link] = [
        b["href"]
        for b in reader.blocks
        if b["kind"] == "gap" and (b["gate"], b["day"]) == (gate, day)
    ]
    return link


class FormReader(HTMLParser):
    """The values a browser would send for a form's fields as the page fills them in."""

    def __init__(self):
        super().__init__()
        self.values: dict[str, str] = {}
        self.select = self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("name") and attrs.get("type") != "submit":
            if attrs.get("type") not in ("checkbox", "radio") or "checked" in attrs:
                self.values[attrs["name"]] = attrs.get("value") or ""
        elif tag == "select":
            self.select = attrs["name"]
            self.values.setdefault(self.select, "")
        elif tag == "option" and self.select and "selected" in attrs:
            self.values[self.select] = attrs.get("value") or ""
        elif tag == "textarea":
            self.textarea = attrs["name"]
            self.values[self.textarea] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.values[self.textarea] += data


def form_values(page: str) -> dict[str, str]:
    """The fields of the page's main form (not, say, the language switcher's)."""
    form = re.search(r'<form method="post" novalidate.*?</form>', page, re.S)
    assert form, "the page has no form"
    reader = FormReader()
    reader.feed(form[0])
    reader.values.pop("csrfmiddlewaretoken", None)
    return reader.values


def text_of(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def shifts_of(company) -> int:
    with schema_context(company.schema_name):
        return Shift.objects.count()


def local(moment: datetime.datetime, pattern: str) -> str:
    return timezone.localtime(moment).strftime(pattern)
