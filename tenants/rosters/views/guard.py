"""The guard's phone: my shifts for the next 14 days, the current one first."""

import datetime

from django.utils import timezone
from django.views.generic import TemplateView

from guanjia.portal import CompanyPermissionRequiredMixin
from tenants.rosters.models import DutyPerson, Shift

AHEAD = datetime.timedelta(days=14)


class MyShiftsView(CompanyPermissionRequiredMixin, TemplateView):
    permission = "shifts.own"
    template_name = "guard/my_shifts.html"

    def get_context_data(self, **kwargs):
        now = timezone.now()
        person = DutyPerson.objects.filter(user=self.request.user).first()
        shifts = []
        if person is not None:
            shifts = list(
                Shift.objects.filter(person=person)
                .on_duty()
                .overlapping(now, now + AHEAD)
                .select_related("gate__site")
                .order_by("starts_at")
            )
        current = [s for s in shifts if s.starts_at <= now < s.ends_at]
        upcoming = [s for s in shifts if s.starts_at > now]
        return super().get_context_data(
            person=person, current=current, upcoming=upcoming, now=now, **kwargs
        )
