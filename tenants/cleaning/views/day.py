"""What was done and what was missed: a site's day grid, its week's totals, and the overdue
alerts that the home page counts."""

import datetime

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.views.generic import ListView, TemplateView

from guanjia.datewindows import RECORDS_QUERY
from guanjia.portal import CompanyPermissionRequiredMixin
from tenants.cleaning.day_view import day_grid, week_totals
from tenants.cleaning.models import CleaningLog, FrequencyChoice, OverdueAlert
from tenants.cleaning.reading import areas_of, slots_of_areas
from tenants.cleaning.views.manager_base import SiteDayMixin, iso, page_url, visible_logs

DAY = datetime.timedelta(days=1)


def day_bounds(first: datetime.date, last: datetime.date):
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(first, datetime.time(0), tzinfo=tz)
    return start, datetime.datetime.combine(last + DAY, datetime.time(0), tzinfo=tz)


def day_page(site, day: datetime.date) -> str:
    return page_url("cleaning-day", site=site.pk, day=iso(day))


class SitePageMixin(SiteDayMixin, CompanyPermissionRequiredMixin):
    permission = "cleaning.view"

    def day_links(self, site, day: datetime.date, step: datetime.timedelta, name: str) -> dict:
        """The page's neighbours within the records' window (none past tomorrow)."""
        first, last = RECORDS_QUERY.bounds()
        earlier, later = day - step, day + step
        return {
            "previous_url": page_url(name, site=site.pk, day=iso(earlier))
            if earlier >= first
            else "",
            "next_url": page_url(name, site=site.pk, day=iso(later)) if later <= last else "",
        }


class DayView(SitePageMixin, TemplateView):
    """A site's day: areas down the side, the day's due times across, each slot's state."""

    template_name = "cleaning/manager/day.html"

    def get_context_data(self, **kwargs):
        site, day = self.chosen_site(), self.chosen_day()
        context = {"site": site, "day": day}
        if site is not None:
            now = timezone.now()
            areas = areas_of([site])
            slots = slots_of_areas(areas, day, day, now)
            filled = {slot.log_id for slot in slots if slot.log_id is not None}
            logs = CleaningLog.objects.filter(pk__in=filled).select_related("done_by")
            start, end = day_bounds(day, day)
            day_logs = (
                visible_logs(self.access)
                .filter(area__site=site, done_at__gte=start, done_at__lt=end)
                .annotate(corrected=Exists(CleaningLog.objects.filter(corrects=OuterRef("pk"))))
                .order_by("done_at", "pk")
            )
            tz = timezone.get_current_timezone()
            context.update(
                grid=day_grid(areas, slots, {log.pk: log for log in logs}, day, tz),
                day_logs=day_logs,
                is_today=day == timezone.localdate(now),
                week_url=page_url("cleaning-week", site=site.pk, day=iso(day)),
                **self.day_links(site, day, DAY, "cleaning-day"),
            )
        return super().get_context_data(**context, **kwargs)


class WeekView(SitePageMixin, TemplateView):
    """A site's week: per area and day, how many slots were done in time, late or missed."""

    template_name = "cleaning/manager/week.html"

    def get_context_data(self, **kwargs):
        site, day = self.chosen_site(), self.chosen_day()
        monday = day - datetime.timedelta(days=day.weekday())
        days = [monday + datetime.timedelta(days=n) for n in range(7)]
        context = {"site": site, "day": day, "monday": monday, "sunday": days[-1]}
        if site is not None:
            areas = areas_of([site])
            slots = slots_of_areas(areas, days[0], days[-1], timezone.now())
            rows, overall = week_totals(areas, slots, days)
            context.update(
                rows=rows,
                overall=overall,
                days=[(each, day_page(site, each)) for each in days],
                **self.day_links(site, monday, 7 * DAY, "cleaning-week"),
            )
        return super().get_context_data(**context, **kwargs)


class AlertListView(SiteDayMixin, CompanyPermissionRequiredMixin, ListView):
    """Open overdue alerts of the reader's sites (or of one, ?site=), oldest first: as many
    as the home page's figure counts."""

    permission = "cleaning.view"
    template_name = "cleaning/manager/alerts.html"
    context_object_name = "alerts"
    paginate_by = 50
    needs_site = False

    def get_queryset(self):
        alerts = (
            OverdueAlert.objects.visible_to(self.access)
            .open()
            .select_related("area", "area__site", "area__facility", "task")
            .order_by("due", "pk")
        )
        site = self.chosen_site()
        return alerts if site is None else alerts.filter(area__site=site)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(site=self.chosen_site(), **kwargs)
        for alert in context["alerts"]:
            alert.day_url = page_url(
                "cleaning-day", site=alert.area.site_id, day=iso(slot_day(alert))
            )
        return context


def slot_day(alert: OverdueAlert) -> datetime.date:
    """The day whose plan the missed slot belongs to: a daily or weekly slot is due at the
    midnight that ends its day."""
    due = timezone.localtime(alert.due)
    end_of_day = alert.task.frequency in (FrequencyChoice.DAILY, FrequencyChoice.WEEKLY)
    if end_of_day and due.time() == datetime.time(0):
        return due.date() - DAY
    return due.date()
