"""Areas and their plans, per site: the list, an area's page, naming a common area, the tasks
of a plan (added, changed from now on, ended), and the built-in plans applied in one action."""

from collections import defaultdict

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import DetailView, TemplateView

from guanjia.portal import CompanyPermissionRequiredMixin, ServiceFormView
from tenants.cleaning.builtin import BUILTIN_PLANS
from tenants.cleaning.day_view import frequency_words
from tenants.cleaning.forms import (
    AreaCreateForm,
    AreaForm,
    BuiltinPlanForm,
    EndTaskForm,
    TaskForm,
)
from tenants.cleaning.models import Area, FrequencyChoice, PlanTask, TaskKind
from tenants.cleaning.services.areas import area_for_facility, change_area, create_area
from tenants.cleaning.services.plans import add_task, apply_builtin_plan, change_task, end_task
from tenants.cleaning.views.manager_base import (
    AreaFromUrlMixin,
    SiteDayMixin,
    TaskFromUrlMixin,
    area_url,
    page_url,
    visible_logs,
)
from tenants.sites.models import Facility, FacilityKind
from tenants.sites.timewindows import windows_from_json

LATEST_LOGS = 20
ENDED_TASKS = 50


def with_words(tasks):
    """The tasks, each with its frequency in words for the page."""
    tasks = list(tasks)
    for task in tasks:
        task.words = frequency_words(task)
    return tasks


def current_tasks():
    return PlanTask.objects.current().prefetch_related("assigned_users", "assigned_people")


class AreaListView(SiteDayMixin, CompanyPermissionRequiredMixin, TemplateView):
    """A site's areas with the tasks in force, and its facilities not yet planned."""

    permission = "cleaning.view"
    template_name = "cleaning/manager/areas.html"

    def get_context_data(self, **kwargs):
        site = self.chosen_site()
        context = {"site": site}
        if site is not None:
            areas = list(
                Area.objects.filter(site=site)
                .select_related("facility")
                .prefetch_related(Prefetch("tasks", current_tasks(), to_attr="current_tasks"))
                .order_by("-active", "kind", "pk")
            )
            for area in areas:
                with_words(area.current_tasks)
            context.update(
                areas=areas,
                unplanned=Facility.objects.filter(site=site, cleaning_area__isnull=True),
                day_url=page_url("cleaning-day", site=site.pk),
                create_url=page_url("cleaning-area-create", site=site.pk),
                builtin_url=page_url("cleaning-builtin", site=site.pk),
            )
        return super().get_context_data(**context, **kwargs)


class AreaDetailView(AreaFromUrlMixin, CompanyPermissionRequiredMixin, DetailView):
    """An area: its tasks in force and ended, and its latest logs."""

    permission = "cleaning.view"
    template_name = "cleaning/manager/area.html"
    context_object_name = "area"

    def get_object(self, queryset=None):
        return self.get_area()

    def get_context_data(self, **kwargs):
        area = self.object
        ended = (
            PlanTask.objects.filter(area=area, valid_until__isnull=False)
            .prefetch_related("assigned_users", "assigned_people")
            .order_by("-valid_until", "-pk")
        )
        return super().get_context_data(
            tasks=with_words(current_tasks().filter(area=area).order_by("kind", "valid_from")),
            ended=with_words(ended[:ENDED_TASKS]),
            logs=visible_logs(self.access)
            .filter(area=area)
            .order_by("-done_at", "-pk")[:LATEST_LOGS],
            day_url=page_url("cleaning-day", site=area.site_id),
            areas_url=page_url("cleaning-areas", site=area.site_id),
            **kwargs,
        )


class AreaCreateView(SiteDayMixin, ServiceFormView):
    """Name a common area of a site, or make one of its facilities a cleaning area."""

    permission = "cleaning.plan"
    form_class = AreaCreateForm
    title = gettext_lazy("Add a cleaning area")
    template_name = "cleaning/manager/area_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "sites": self.visible_sites()}

    def get_initial(self):
        site = self.chosen_site()
        return {"site": site, "facility": self.request.GET.get("facility") or None}

    def save(self, data):
        if data["facility"] is not None:
            return area_for_facility(data["facility"], by=self.request.user)
        return create_area(
            data["site"],
            by=self.request.user,
            kind=data["kind"],
            name=data["name"],
            opening_hours=windows_from_json(data["opening_hours"]),
            public=data["public"],
        )

    def success_message(self, area):
        return _("Saved “%(name)s”.") % {"name": area}

    def get_success_url(self, saved=None):
        if saved is not None:
            return area_url(saved)
        return page_url("cleaning-areas", site=getattr(self.chosen_site(), "pk", None))


class AreaEditView(AreaFromUrlMixin, ServiceFormView):
    """A common area's name, kind and hours; for any area, the board and whether it is cleaned."""

    permission = "cleaning.plan"
    form_class = AreaForm
    title = gettext_lazy("Edit cleaning area")
    template_name = "cleaning/manager/area_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.object = None
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        # `object`: the record the form page shows the history of.
        self.object = self.get_area()
        return {**super().get_form_kwargs(), "area": self.object}

    def save(self, data):
        if "opening_hours" in data:
            data = {**data, "opening_hours": windows_from_json(data["opening_hours"])}
        return change_area(self.get_area(), by=self.request.user, **data)

    def success_message(self, area):
        return _("Saved “%(name)s”.") % {"name": area}

    def get_success_url(self, saved=None):
        return area_url(self.get_area())


class TaskFormView(ServiceFormView):
    permission = "cleaning.plan"
    form_class = TaskForm
    template_name = "cleaning/manager/task_form.html"

    def area_of_page(self) -> Area:
        raise NotImplementedError

    def get_form_kwargs(self):
        area = self.area_of_page()
        return {**super().get_form_kwargs(), "site": area.site, "company": self.request.tenant}

    def get_success_url(self, saved=None):
        return area_url(self.area_of_page())

    def get_context_data(self, **kwargs):
        return super().get_context_data(area=self.area_of_page(), **kwargs)


class TaskCreateView(AreaFromUrlMixin, TaskFormView):
    title = gettext_lazy("Add a task to the plan")

    def area_of_page(self):
        return self.get_area()

    def get_initial(self):
        return {"kind": TaskKind.DISINFECT, "frequency": FrequencyChoice.FIXED_TIMES}

    def save(self, data):
        return add_task(
            self.get_area(),
            by=self.request.user,
            users=data["users"],
            people=data["people"],
            **{name: data[name] for name in TaskForm.FIELDS},
        )

    def success_message(self, task):
        return _("The task is in the plan from now: %(task)s.") % {"task": task}


class TaskEditView(TaskFromUrlMixin, TaskFormView):
    """Change a task from now on: slots already due keep the plan they were due under."""

    title = gettext_lazy("Change a task of the plan")

    def area_of_page(self):
        return self.get_task().area

    def get_form_kwargs(self):
        # `object`: the record the form page shows the history of.
        self.object = self.get_task()
        return {**super().get_form_kwargs(), "task": self.object}

    def form_valid(self, form):
        if not form.has_changed():
            messages.info(self.request, _("Nothing was changed."))
            return redirect(self.get_success_url())
        return super().form_valid(form)

    def save(self, data):
        return change_task(
            self.get_task(),
            by=self.request.user,
            users=data["users"],
            people=data["people"],
            **{name: data[name] for name in TaskForm.FIELDS},
        )

    def success_message(self, task):
        return _(
            "The task is changed from now on; earlier slots keep the plan they were due under."
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(task=self.get_task(), **kwargs)


class TaskEndView(TaskFromUrlMixin, ServiceFormView):
    """Take a task out of the plan from now, after a confirmation; its past stays."""

    permission = "cleaning.plan"
    form_class = EndTaskForm
    title = gettext_lazy("Take the task out of the plan")
    template_name = "cleaning/manager/task_end.html"

    def get_form_kwargs(self):
        self.object = self.get_task()
        return super().get_form_kwargs()

    def save(self, data):
        return end_task(self.get_task(), by=self.request.user)

    def success_message(self, task):
        return _("The task is out of the plan from now; its past slots and logs stay.")

    def get_success_url(self, saved=None):
        return area_url(self.get_task().area)

    def get_context_data(self, **kwargs):
        task = self.get_task()
        task.words = frequency_words(task)
        return super().get_context_data(task=task, **kwargs)


class BuiltinPlanView(SiteDayMixin, ServiceFormView):
    """Every area of one kind at a site given its built-in plan, in one action."""

    permission = "cleaning.plan"
    form_class = BuiltinPlanForm
    title = gettext_lazy("Apply a built-in plan")
    template_name = "cleaning/manager/builtin.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "sites": self.visible_sites()}

    def get_initial(self):
        return {"site": self.chosen_site()}

    def plans(self, site) -> list[dict]:
        """Each kind's plan, with the areas of that kind at the site that it would be given."""
        places = defaultdict(list)
        for area in Area.objects.filter(site=site, active=True).select_related("facility"):
            places[area.kind].append(str(area))
        for facility in Facility.objects.filter(site=site, cleaning_area__isnull=True):
            places[facility.kind].append(facility.location)
        return [
            {
                "kind": kind,
                "label": FacilityKind(kind).label,
                "summary": plan.summary,
                "tasks": [
                    {
                        "kind": TaskKind(task.kind).label,
                        "words": frequency_words(task),
                        "agent": str(task.agent),
                        "concentration": task.concentration,
                        "contact_minutes": task.contact_minutes,
                    }
                    for task in plan.tasks
                ],
                "places": sorted(places[kind]),
            }
            for kind, plan in BUILTIN_PLANS.items()
        ]

    def save(self, data):
        self.applied_site = data["site"]
        return apply_builtin_plan(data["site"], data["kind"], by=self.request.user)

    def success_message(self, tasks):
        areas = len({task.area_id for task in tasks})
        if not areas:
            return _("There is no area of this kind at the site: nothing was planned.")
        return ngettext(
            "The built-in plan is in force at %(areas)s area: %(tasks)s tasks.",
            "The built-in plan is in force at %(areas)s areas: %(tasks)s tasks.",
            areas,
        ) % {"areas": areas, "tasks": len(tasks)}

    def get_success_url(self, saved=None):
        site = getattr(self, "applied_site", None) or self.chosen_site()
        return page_url("cleaning-areas", site=getattr(site, "pk", None))

    def get_context_data(self, **kwargs):
        site = self.chosen_site()
        return super().get_context_data(
            site=site, plans=self.plans(site) if site is not None else [], **kwargs
        )
