"""Every night: end isolations whose last day has passed, and strip expired personal data."""

from django.utils import timezone

from guanjia.actors import System
from tasks.base import for_every_company
from tasks.celery import app
from tenants.gate.services.isolation import finish_elapsed_isolations
from tenants.gate.services.retention import remove_expired_personal_data

ACTOR = System("gate_housekeeping")


@app.task(name="tasks.gate.gate_housekeeping")
def gate_housekeeping() -> dict:
    """One company's nightly clean-up; safe to run twice (done rows are skipped)."""
    finished = finish_elapsed_isolations(timezone.localdate(), by=ACTOR)
    removed = remove_expired_personal_data(by=ACTOR)
    return {"isolations_finished": finished, **removed}


@app.task(name="tasks.gate.gate_housekeeping_all")
def gate_housekeeping_all() -> int:
    """Enqueue the clean-up for every company; returns how many."""
    return for_every_company(gate_housekeeping)
