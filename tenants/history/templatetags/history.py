"""`{% history record %}`: a record's history on its page, newest first, the last few only."""

from django import template

from tenants.history.describe import describe
from tenants.history.models import LogEntry

register = template.Library()

# A page shows this many of a record's entries: the company log has the rest.
SHOWN = 50


@register.inclusion_tag("history/_history.html")
def history(record):
    """The history section of a record's page; the page's own permission decides who sees it."""
    # A page that makes a new record has none yet: no section at all.
    if not getattr(record, "pk", None):
        return {"shown": False}
    entries = list(LogEntry.objects.about(record)[: SHOWN + 1])
    return {
        "shown": True,
        "lines": [describe(entry) for entry in entries[:SHOWN]],
        "more": len(entries) > SHOWN,
    }


@register.filter
def described(entry):
    """An entry as one sentence in the reader's language."""
    return describe(entry)
