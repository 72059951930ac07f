"""Home isolation in the portal: the cases with their overdue readings, one case and its actions."""

import datetime
import uuid
from collections.abc import Sequence

from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Max, Min, Prefetch, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, ListView

from guanjia.portal import CompanyPermissionRequiredMixin, ServiceFormView
from tenants.gate.isolation_rules import DUE_BY, MORNING
from tenants.gate.manager_forms import (
    CommitteeForm,
    EndForm,
    ExtendForm,
    NeedForm,
    ObservationForm,
    ReadingForm,
)
from tenants.gate.models import (
    EscalationCase,
    IsolationCase,
    IsolationChange,
    IsolationStatus,
    NeedRequest,
    ReadingPeriod,
    TemperatureReading,
)
from tenants.gate.overdue import DAYS_PER_PAGE, overdue_cases, overdue_of, recent_start
from tenants.gate.services.isolation import (
    ObservationIn,
    end_isolation,
    extend_isolation,
    place_under_observation,
    record_committee_registration,
    record_reading,
)
from tenants.gate.services.needs import open_need
from tenants.gate.views.personal import RevealMixin
from tenants.sites.models import Site


def case_url(case: IsolationCase) -> str:
    return reverse("portal:isolation-case", args=[case.pk])


def short_date(day: datetime.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def overdue_texts(overdue) -> list[dict]:
    return [{"day": day, "period": ReadingPeriod(period).label} for day, period in overdue]


class DaysBackwards(Sequence):
    """The days from `last` back to `first`, made only when a page of them is asked for."""

    def __init__(self, first: datetime.date, last: datetime.date):
        self.first, self.last = first, last

    def __len__(self):
        return max((self.last - self.first).days + 1, 0)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        return self.last - datetime.timedelta(days=index)


def case_days(case: IsolationCase, access, now) -> DaysBackwards:
    """Every day of the case so far, and any day outside it that has a reading, latest first."""
    last = min(case.ended_on or case.planned_end, timezone.localdate(now))
    taken = TemperatureReading.objects.visible_to(access).filter(case=case)
    span = taken.aggregate(first=Min("taken_on"), last=Max("taken_on"))
    first = min(filter(None, (case.starts_on, span["first"])))
    return DaysBackwards(first, max(filter(None, (last, span["last"]))))


def reading_days(days: list[datetime.date], readings, overdue) -> list[dict]:
    """The days shown, latest first, with their morning and evening readings."""
    by_period = {(reading.taken_on, reading.period): reading for reading in readings}
    return [
        {
            "day": day,
            "periods": [
                {"reading": by_period.get((day, period)), "overdue": (day, period) in overdue}
                for period in ReadingPeriod.values
            ],
        }
        for day in days
    ]


def observing_first():
    return Case(
        When(status=IsolationStatus.OBSERVING, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )


class IsolationListView(CompanyPermissionRequiredMixin, ListView):
    permission = "gate.view"
    template_name = "gate/portal/isolation_list.html"
    context_object_name = "cases"
    paginate_by = 50

    def get_queryset(self):
        recent = TemperatureReading.objects.filter(taken_on__gte=recent_start(timezone.now()))
        cases = (
            IsolationCase.objects.visible_to(self.access)
            .select_related("site")
            .prefetch_related(Prefetch("readings", queryset=recent))
            .order_by(observing_first(), "planned_end", "id")
        )
        status = self.request.GET.get("status")
        if status in IsolationStatus.values:
            cases = cases.filter(status=status)
        site = self.request.GET.get("site", "")
        if site.isdigit():
            cases = cases.filter(site=site)
        if self.request.GET.get("overdue"):
            # Only cases with a reading past its time: what the home page counts.
            cases = cases.filter(pk__in=overdue_cases(cases, timezone.now()))
        return cases

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        for case in context["cases"]:
            case.overdue = overdue_texts(
                overdue_of(case, case.readings.all(), now, recent_start(now))
            )
        return context | {
            "statuses": IsolationStatus.choices,
            "sites": Site.objects.visible_to(self.access),
        }


class IsolationCreateView(ServiceFormView):
    permission = "cases.change"
    form_class = ObservationForm
    template_name = "gate/portal/isolation_new.html"
    title = gettext_lazy("Place someone under home observation")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "sites": Site.objects.visible_to(self.access)}

    def get_initial(self):
        return {"starts_on": timezone.localdate(), "site": self.request.GET.get("site")}

    def save(self, data):
        site = data.pop("site")
        return place_under_observation(site, ObservationIn(**data), by=self.request.user)

    def success_message(self, case):
        return _("%(name)s is under home observation until %(date)s.") % {
            "name": case.name,
            "date": short_date(case.planned_end),
        }

    def get_success_url(self, saved=None):
        return case_url(saved) if saved is not None else reverse("portal:isolation-cases")


class CaseFromUrlMixin:
    """The isolation case named by the URL's `pk`, among those of the sites the user may see."""

    def get_case(self) -> IsolationCase:
        if not hasattr(self, "case"):
            self.case = get_object_or_404(
                IsolationCase.objects.visible_to(self.access).select_related("site", "returnee"),
                pk=self.kwargs["pk"],
            )
        return self.case


def reading_initial(now) -> dict:
    local = timezone.localtime(now)
    period = ReadingPeriod.MORNING if local.time() < DUE_BY[MORNING] else ReadingPeriod.EVENING
    return {"on": local.date(), "period": period}


class IsolationCaseView(CaseFromUrlMixin, CompanyPermissionRequiredMixin, DetailView):
    permission = "gate.view"
    template_name = "gate/portal/isolation_detail.html"
    context_object_name = "case"

    def get_object(self):
        return self.get_case()

    def get_context_data(self, **kwargs):
        case = self.object
        now = timezone.now()
        page = Paginator(case_days(case, self.access, now), DAYS_PER_PAGE).get_page(
            self.request.GET.get("page")
        )
        shown = list(page.object_list)
        readings = (
            list(
                TemperatureReading.objects.visible_to(self.access).filter(
                    case=case, taken_on__range=(shown[-1], shown[0])
                )
            )
            if shown
            else []
        )
        escalations = list(
            EscalationCase.objects.visible_to(self.access).filter(isolation_case=case)
        )
        reported = {escalation.reading_id for escalation in escalations}
        for reading in readings:
            reading.fever = reading.pk in reported
        recent = recent_start(now)
        # The first page holds the latest days, and so every reading of the last four weeks.
        recent_readings = (
            readings
            if page.number == 1
            else TemperatureReading.objects.visible_to(self.access).filter(
                case=case, taken_on__gte=recent
            )
        )
        marked = set(overdue_of(case, readings, now, shown[-1], shown[0])) if shown else set()
        context = {
            "days": reading_days(shown, readings, marked),
            "page_obj": page,
            "is_paginated": page.has_other_pages(),
            "overdue": overdue_texts(overdue_of(case, recent_readings, now, recent)),
            "changes": IsolationChange.objects.visible_to(self.access)
            .filter(case=case)
            .select_related("changed_by"),
            "needs": NeedRequest.objects.visible_to(self.access)
            .filter(case=case)
            .select_related("assigned_to"),
            "escalations": escalations,
            "can_reveal": self.access.has("personal_data.reveal"),
            "observing": case.status == IsolationStatus.OBSERVING,
        }
        if self.access.has("cases.change"):
            if case.status == IsolationStatus.OBSERVING:
                context |= {
                    "reading_form": ReadingForm(initial=reading_initial(now)),
                    "extend_form": ExtendForm(),
                    "end_form": EndForm(initial={"on": timezone.localdate(now)}),
                    # A fresh id per page shown: a double-clicked "Open" opens one request.
                    "need_form": NeedForm(initial={"uuid": uuid.uuid4()}),
                }
            if case.returnee is not None:
                context["committee_form"] = CommitteeForm(
                    initial={"committee_registered_on": case.returnee.committee_registered_on}
                )
        return super().get_context_data(**context, **kwargs)


class IsolationRevealView(RevealMixin, IsolationCaseView):
    """The case's page with the person's full ID and phone numbers; each time recorded."""


class CaseActionView(CaseFromUrlMixin, ServiceFormView):
    """One action on an isolation case, posted from its page; back to the page after."""

    permission = "cases.change"
    template_name = "gate/portal/isolation_form.html"

    def get_success_url(self, saved=None):
        return case_url(self.get_case())

    def get_context_data(self, **kwargs):
        return super().get_context_data(case=self.get_case(), **kwargs)


class RecordReadingView(CaseActionView):
    form_class = ReadingForm
    title = gettext_lazy("Record a temperature")

    def get_initial(self):
        return reading_initial(timezone.now())

    def save(self, data):
        reading, self.created = record_reading(
            self.get_case(),
            on=data["on"],
            period=data["period"],
            temperature=data["temperature"],
            by=self.request.user,
        )
        return reading

    def success_message(self, reading):
        if not self.created:
            return _("This reading was already recorded.")
        if EscalationCase.objects.visible_to(self.access).filter(reading=reading).exists():
            return _(
                "%(value)s °C is a fever: the reading is recorded and an escalation case is open."
            ) % {"value": reading.temperature}
        return _("The reading is recorded: %(value)s °C.") % {"value": reading.temperature}


class ExtendIsolationView(CaseActionView):
    form_class = ExtendForm
    title = gettext_lazy("Extend the home isolation")

    def save(self, data):
        return extend_isolation(
            self.get_case(), until=data["until"], reason=data["reason"], by=self.request.user
        )

    def success_message(self, case):
        return _("Home isolation now lasts until %(date)s.") % {
            "date": short_date(case.planned_end)
        }


class EndIsolationView(CaseActionView):
    form_class = EndForm
    title = gettext_lazy("End the home isolation")

    def get_initial(self):
        return {"on": timezone.localdate()}

    def save(self, data):
        return end_isolation(
            self.get_case(),
            on=data["on"],
            reason=data["reason"],
            transferred=data["transferred"],
            by=self.request.user,
        )

    def success_message(self, case):
        if case.status == IsolationStatus.TRANSFERRED:
            return _("%(name)s was transferred; the case is closed.") % {"name": case.name}
        return _("The home isolation of %(name)s has ended.") % {"name": case.name}


class CommitteeRegistrationView(CaseActionView):
    form_class = CommitteeForm
    title = gettext_lazy("Registration with the neighbourhood committee")

    def get_case(self):
        case = super().get_case()
        if case.returnee is None:
            # Only a returnee registers with the committee.
            raise Http404
        return case

    def get_initial(self):
        return {"committee_registered_on": self.get_case().returnee.committee_registered_on}

    def save(self, data):
        case = self.get_case()
        self.registered_on = data["committee_registered_on"]
        record_committee_registration(case.returnee, self.registered_on, by=self.request.user)
        case.refresh_from_db()
        return case

    def success_message(self, case):
        values = {
            "date": short_date(self.registered_on),
            "end": short_date(case.planned_end),
        }
        if case.status != IsolationStatus.OBSERVING:
            return _("Registered by the committee on %(date)s.") % values
        return _("Registered by the committee on %(date)s: home isolation lasts until %(end)s.") % (
            values
        )


class NeedCreateView(CaseActionView):
    form_class = NeedForm
    title = gettext_lazy("Note a need")

    def get_initial(self):
        return {"uuid": uuid.uuid4()}

    def save(self, data):
        need, self.created = open_need(
            self.get_case(),
            uuid=data["uuid"],
            kind=data["kind"],
            details=data["details"],
            by=self.request.user,
        )
        return need

    def success_message(self, need):
        if not self.created:
            return _("This request was already noted.")
        return _("Noted: %(need)s.") % {"need": need.get_kind_display()}
