"""The coverage board: a week of each gate's 24-hour timelines, gaps in red."""

import datetime

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.generic import TemplateView

from guanjia.datewindows import ROSTER
from guanjia.portal import CompanyPermissionRequiredMixin
from tenants.rosters.board import board_rows
from tenants.rosters.models import DutyPerson, Shift
from tenants.rosters.services.coverage import coverage_of_gates
from tenants.rosters.times import day_bounds, week_of
from tenants.sites.models import Gate, Site


def chosen_week(value: str | None) -> tuple[datetime.date, datetime.date]:
    """The week of ?week=2026-12-01 (any day of it) within the roster's window, or this week."""
    try:
        day = datetime.date.fromisoformat(value or "")
        ROSTER.check(day)
    except (ValueError, ValidationError):
        day = timezone.localdate()
    return week_of(day)


class CoverageBoardView(CompanyPermissionRequiredMixin, TemplateView):
    permission = "rosters.view"
    template_name = "rosters/board.html"

    def get_context_data(self, **kwargs):
        site = get_object_or_404(Site.objects.visible_to(self.access), pk=self.kwargs["pk"])
        monday, sunday = chosen_week(self.request.GET.get("week"))
        start, end = day_bounds(monday, sunday)
        gates = list(Gate.objects.filter(site=site).rostered().order_by("name"))
        coverage = coverage_of_gates(gates, start, end)
        shifts = (
            Shift.objects.filter(gate__in=gates)
            .overlapping(start, end)
            .select_related("person", "gate")
        )
        days = [monday + datetime.timedelta(days=n) for n in range(7)]
        people = {
            p.pk: p
            for p in DutyPerson.objects.filter(
                pk__in={clash.person_id for clash in coverage.clashes}
            )
        }
        return super().get_context_data(
            site=site,
            monday=monday,
            days=days,
            previous_week=monday - datetime.timedelta(days=7),
            next_week=monday + datetime.timedelta(days=7),
            rows=board_rows(gates, shifts, coverage, days),
            uncovered_hours=coverage.uncovered_hours(),
            clashes=[(people.get(c.person_id), c) for c in coverage.clashes],
            others=Gate.objects.filter(site=site, responsible=False).count(),
            hours=range(0, 24, 3),
            **kwargs,
        )
