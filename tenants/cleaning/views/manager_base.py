"""What the managers' cleaning pages share: the site and day a page is about, and the areas,
tasks and logs named by a URL, each among those of the sites the reader may see."""

import datetime
from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from tenants.cleaning.forms import SiteDayForm
from tenants.cleaning.models import Area, CleaningLog, PlanTask
from tenants.sites.models import Site


def page_url(name: str, **query) -> str:
    """A page's address with its query (?site=&day=), leaving out what is not given."""
    query = {key: value for key, value in query.items() if value not in (None, "")}
    url = reverse(f"portal:{name}")
    return f"{url}?{urlencode(query)}" if query else url


def iso(day: datetime.date | None) -> str:
    return day.isoformat() if day else ""


class SiteDayMixin:
    """?site=&day=: a site the reader may see (the first one when none is named; 404 for
    one they may not see) and a day in the records' window (today when none is named or the
    one named is out of it, with the reason shown)."""

    # Pages about one site pick the first when none is named; the alerts may span them all.
    needs_site = True

    def visible_sites(self):
        return Site.objects.visible_to(self.access).order_by("name")

    def choice_form(self) -> SiteDayForm:
        if not hasattr(self, "_choice_form"):
            form = SiteDayForm(self.request.GET, sites=self.visible_sites())
            form.is_valid()
            if "site" in form.errors:
                raise Http404
            self._choice_form = form
        return self._choice_form

    def chosen_site(self) -> Site | None:
        site = self.choice_form().cleaned_data.get("site")
        if site is None and self.needs_site:
            site = self.visible_sites().first()
        return site

    def chosen_day(self) -> datetime.date:
        return self.choice_form().cleaned_data.get("day") or timezone.localdate()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            choice=self.choice_form(), sites=self.visible_sites(), **kwargs
        )


class AreaFromUrlMixin:
    """The area named by the URL's `pk`, among those of the sites the reader may see."""

    def get_area(self) -> Area:
        if not hasattr(self, "area"):
            self.area = get_object_or_404(
                Area.objects.visible_to(self.access).select_related("site", "facility"),
                pk=self.kwargs["pk"],
            )
        return self.area


class TaskFromUrlMixin:
    """The plan task named by the URL's `pk`, among those of the sites the reader may see."""

    def get_task(self) -> PlanTask:
        if not hasattr(self, "task"):
            self.task = get_object_or_404(
                PlanTask.objects.visible_to(self.access).select_related(
                    "area", "area__site", "area__facility"
                ),
                pk=self.kwargs["pk"],
            )
        return self.task


def visible_logs(access):
    return CleaningLog.objects.visible_to(access).select_related(
        "area", "area__site", "area__facility", "task", "done_by"
    )


def area_url(area: Area) -> str:
    return reverse("portal:cleaning-area", args=[area.pk])
