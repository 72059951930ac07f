"""The cleaner's phone: the round of the day, an area's log form (the address its QR label
holds), and the endpoint the phone's offline queue sends logs to."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.generic import TemplateView

from guanjia.idempotency import ReusedIdConflict
from guanjia.portal import CompanyPermissionRequiredMixin
from tenants.cleaning.models import Area, FrequencyChoice, PlanTask, TaskKind
from tenants.cleaning.phone_input import read_log
from tenants.cleaning.reading import slots_of_areas, tasks_for_person
from tenants.cleaning.services.logs import LogIn, record_log
from tenants.cleaning.slots import DAY, Slot, SlotState
from tenants.cleaning.views.photos import PhotoView
from tenants.rosters.models import DutyPerson

STATE_LABELS = {
    SlotState.DONE: gettext_lazy("Done"),
    SlotState.LATE: gettext_lazy("Done late"),
    SlotState.MISSED: gettext_lazy("Missed"),
    # Open for its log now, until its grace period ends.
    SlotState.DUE: gettext_lazy("To do"),
    SlotState.UPCOMING: gettext_lazy("Later"),
}
# A slot to do now: the area page chooses the earliest of these.
OPEN_STATES = {SlotState.DUE, SlotState.MISSED}


def _errors(exc: ValidationError) -> dict:
    if hasattr(exc, "error_dict"):
        return {name: list(messages) for name, messages in exc.message_dict.items()}
    return {"__all__": exc.messages}


@dataclass
class SlotView:
    """A slot as the phone shows it: when, in what state, of which task."""

    slot: Slot
    task: PlanTask
    area: Area | None = None

    @property
    def state_label(self):
        return STATE_LABELS[self.slot.state]

    @property
    def whole_day(self) -> bool:
        """Daily and weekly tasks are done at any time of their day."""
        return self.task.frequency in (FrequencyChoice.DAILY, FrequencyChoice.WEEKLY)

    @property
    def time(self) -> str:
        """The due time as read on a clock; a slot due at midnight ends the day, 24:00."""
        due = timezone.localtime(self.slot.due)
        if due.date() > self.slot.day and due.time() == datetime.time(0):
            return "24:00"
        return due.strftime("%H:%M")

    @property
    def done_time(self) -> str:
        return timezone.localtime(self.slot.done_at).strftime("%H:%M") if self.slot.done_at else ""


@dataclass
class TaskChoice:
    """One task of the area's plan in force, with its slots of today."""

    task: PlanTask
    slots: list[SlotView] = field(default_factory=list)


@dataclass
class LogForm:
    """An area's log form: its tasks in force, and the one chosen for the cleaner."""

    area: Area
    choices: list[TaskChoice]
    chosen: PlanTask | None

    @property
    def chosen_id(self):
        return self.chosen.pk if self.chosen else None


def log_form(area: Area, slots: list[Slot], now, wanted: int | None = None, tasks=None) -> LogForm:
    """The form for one area, with `slots` its slots of today (of every task, old or new)
    and `tasks` every task of its plan, old or new (read here if not given).

    The chosen task is the one asked for (a slot of the round names its task, which a plan
    change may since have replaced by one of the same kind), else the task of the earliest
    slot due or missed, else the area's first task.
    """
    tasks = list(PlanTask.objects.filter(area=area)) if tasks is None else tasks
    by_id = {task.pk: task for task in tasks}
    current = [task for task in tasks if task.valid_until is None and task.valid_from <= now]
    current.sort(key=lambda task: (task.kind, task.pk))
    first_of_kind = {}
    for task in current:
        first_of_kind.setdefault(task.kind, task)
    choices = {task.pk: TaskChoice(task) for task in current}
    for slot in slots:
        task = first_of_kind.get(slot.kind)
        if task is not None and slot.area_id == area.pk:
            choices[task.pk].slots.append(SlotView(slot, by_id[slot.task_id]))
    chosen = None
    if wanted in by_id:
        chosen = first_of_kind.get(by_id[wanted].kind)
    if chosen is None:
        to_do = sorted(
            (s for s in slots if s.state in OPEN_STATES and s.kind in first_of_kind),
            key=lambda s: s.due,
        )
        chosen = first_of_kind[to_do[0].kind] if to_do else (current[0] if current else None)
    return LogForm(area=area, choices=list(choices.values()), chosen=chosen)


def phone_config(request, now) -> dict:
    """What cleaning.js needs: where to send, the server's clock, and its words."""
    return {
        "company": request.tenant.schema_name,
        "logsUrl": reverse("portal:cleaning-log-post"),
        "now": now.isoformat(),
        "text": {
            "pendingOne": ngettext(
                "%(count)s log is waiting to be sent.", "%(count)s logs are waiting to be sent.", 1
            ),
            "pendingMany": ngettext(
                "%(count)s log is waiting to be sent.", "%(count)s logs are waiting to be sent.", 2
            ),
            "offline": _("No network: logs are kept on this phone and sent later."),
            "sent": _("Recorded at %(time)s: %(task)s, %(area)s."),
            "kept": _("Kept on this phone at %(time)s: it will be sent when the network is back."),
            "notKept": _("This phone has no room to keep the log: remove the photo and try again."),
            "late": _("Marked as recorded late."),
            "refused": _("Not accepted by the server:"),
            "signIn": _("Sign in again to send the waiting logs."),
            "remove": _("Remove"),
            "queued": _("Waiting to be sent"),
            "states": {state: str(label) for state, label in STATE_LABELS.items()},
        },
    }


class RoundView(CompanyPermissionRequiredMixin, TemplateView):
    """My round today: the cleaner's slots of today in time order, each one tap from its log."""

    permission = "cleaning.round"
    template_name = "cleaning/phone/round.html"

    def get_context_data(self, **kwargs):
        now = timezone.now()
        today = timezone.localdate(now)
        user = self.request.user
        person = DutyPerson.objects.filter(user=user).first()
        # Only areas of the cleaner's sites: a task still assigned to them elsewhere is not theirs.
        areas_here = Area.objects.visible_to(self.access).filter(active=True)
        tasks = {
            task.pk: task for task in tasks_for_person(user, person).filter(area__in=areas_here)
        }
        areas = {
            area.pk: area
            for area in areas_here.filter(pk__in={task.area_id for task in tasks.values()})
            .select_related("facility", "site")
            .order_by("site__name", "kind", "pk")
        }
        slots = slots_of_areas(areas.values(), today, today, now)
        mine = [
            SlotView(slot, tasks[slot.task_id], areas[slot.area_id])
            for slot in slots
            if slot.task_id in tasks
        ]
        with_slots = {view.slot.area_id for view in mine}
        plans = defaultdict(list)
        for task in PlanTask.objects.filter(area__in=with_slots):
            plans[task.area_id].append(task)
        forms = [
            log_form(area, [s for s in slots if s.area_id == pk], now, tasks=plans[pk])
            for pk, area in areas.items()
            if pk in with_slots
        ]
        counts = {state: sum(view.slot.state == state for view in mine) for state in SlotState}
        return super().get_context_data(
            slots=mine,
            areas=areas,
            forms=forms,
            missed=counts[SlotState.MISSED],
            due=counts[SlotState.DUE],
            several_sites=len({area.site_id for area in areas.values()}) > 1,
            config=phone_config(self.request, now),
            **kwargs,
        )


class AreaLogView(CompanyPermissionRequiredMixin, TemplateView):
    """An area's page, opened by scanning its label: the due task chosen, "Done — send"."""

    permission = "cleaning.record"
    template_name = "cleaning/phone/area.html"

    def get(self, request, pk):
        # Another site's or another company's area is not found: nothing tells it exists.
        area = get_object_or_404(
            Area.objects.visible_to(self.access).select_related("facility", "site"), pk=pk
        )
        if not area.active:
            context = self.get_context_data(area=area, form=None)
            return self.render_to_response(context, status=410)
        now = timezone.now()
        today = timezone.localdate(now)
        wanted = request.GET.get("task", "")
        form = log_form(
            area,
            slots_of_areas([area], today, today, now),
            now,
            wanted=int(wanted) if wanted.isdigit() and len(wanted) < 19 else None,
        )
        context = self.get_context_data(
            area=area, form=form, kinds=TaskKind.choices, config=phone_config(request, now)
        )
        return self.render_to_response(context)


class LogPostView(CompanyPermissionRequiredMixin, View):
    """POST one log from the phone's queue, JSON or multipart with a photo.

    201 with the state of the slot it filled; 200 for a resend of the same log; 409 for an
    id already used for another log; 400 with what is wrong; 403 for an area the user may
    not record at. Nothing is saved unless the answer is 201.
    """

    permission = "cleaning.record"
    http_method_names = ["post"]

    def post(self, request):
        try:
            sent, photo = read_log(request)
        except ValidationError as exc:
            return JsonResponse({"errors": _errors(exc)}, status=400)
        area = (
            Area.objects.visible_to(self.access)
            .select_related("facility")
            .filter(pk=sent["area"])
            .first()
        )
        if area is None:
            message = _("You may not record at this area.")
            return JsonResponse({"errors": {"area": [message]}}, status=403)
        task = None
        if sent["task"] is not None:
            task = PlanTask.objects.filter(pk=sent["task"], area=area).first()
            if task is None:
                message = _("Choose a task of this area.")
                return JsonResponse({"errors": {"task": [message]}}, status=400)
        data = LogIn(
            uuid=sent["uuid"],
            area=area,
            kind=sent["kind"],
            task=task,
            done_at=sent["done_at"],
            queued_at=sent["queued_at"],
            agent=sent["agent"],
            concentration=sent["concentration"],
            note=sent["note"],
        )
        try:
            log, created = record_log(data, by=request.user, photo=photo)
        except ReusedIdConflict as exc:
            # Sending it again can never succeed: the phone takes it out of its queue.
            return JsonResponse({"detail": exc.detail, "errors": _errors(exc)}, status=409)
        except ValidationError as exc:
            return JsonResponse({"errors": _errors(exc)}, status=400)
        slot = _filled_slot(log)
        return JsonResponse(
            {
                "uuid": str(log.uuid),
                "created": created,
                "state": slot.state if slot else None,
                "slot_due": slot.due.isoformat() if slot else None,
                "recorded_late": log.recorded_late,
            },
            status=201 if created else 200,
        )


def _filled_slot(log) -> Slot | None:
    """The slot the log fills (its day's, or last night's), or None for extra work."""
    day = timezone.localdate(log.done_at)
    for slot in slots_of_areas([log.area], day - DAY, day):
        if slot.log_id == log.pk:
            return slot
    return None


urlpatterns = [
    path("m/cleaning/", RoundView.as_view(), name="cleaning-round"),
    path("m/cleaning/areas/<int:pk>/", AreaLogView.as_view(), name="cleaning-area-log"),
    path("m/cleaning/logs/", LogPostView.as_view(), name="cleaning-log-post"),
    path("cleaning/photos/<int:pk>/", PhotoView.as_view(), name="cleaning-photo"),
]
