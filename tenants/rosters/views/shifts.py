"""Editing shifts from the board: add, change, remove, mark absent with cover, swap."""

import datetime

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from guanjia.portal import CompanyPermissionRequiredMixin, ServiceFormView
from tenants.rosters.forms import AbsenceForm, ShiftForm, SwapForm
from tenants.rosters.models import Shift
from tenants.rosters.services.shifts import (
    create_shift,
    delete_shift,
    mark_absent,
    swap_shifts,
    update_shift,
)
from tenants.sites.views.mixins import SiteFromUrlMixin


def board_url(site, day: datetime.date) -> str:
    return f"{reverse('portal:board', args=[site.pk])}?{urlencode({'week': day.isoformat()})}"


class ShiftFormView(SiteFromUrlMixin, ServiceFormView):
    permission = "rosters.change"

    def get_success_url(self, saved=None):
        day = timezone.localdate(saved.starts_at) if saved is not None else self.day()
        return board_url(self.get_site(), day)

    def day(self) -> datetime.date:
        return timezone.localdate()

    def success_message(self, saved):
        return _("The roster is saved.")


class ShiftCreateView(ShiftFormView):
    form_class = ShiftForm
    title = gettext_lazy("Add a shift")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "site": self.get_site()}

    def get_initial(self):
        # The board links a gap here with its gate, day and hours filled in.
        keys = ("gate", "day", "start", "end")
        return {key: self.request.GET[key] for key in keys if self.request.GET.get(key)}

    def day(self):
        try:
            return datetime.date.fromisoformat(self.request.GET.get("day", ""))
        except ValueError:
            return timezone.localdate()

    def save(self, data):
        return create_shift(by=self.request.user, **self.form_data(data))

    def form_data(self, data):
        return {key: data[key] for key in ("gate", "person", "starts_at", "ends_at", "note")}


class ExistingShiftMixin:
    def get_shift(self) -> Shift:
        if not hasattr(self, "shift"):
            self.shift = get_object_or_404(
                Shift.objects.visible_to(self.access).select_related("gate__site", "person"),
                pk=self.kwargs["pk"],
            )
        return self.shift

    def get_site(self):
        return self.get_shift().gate.site

    def day(self):
        return timezone.localdate(self.get_shift().starts_at)

    def get_context_data(self, **kwargs):
        return super().get_context_data(shift=self.get_shift(), **kwargs)


class ShiftUpdateView(ExistingShiftMixin, ShiftCreateView):
    title = gettext_lazy("Edit shift")
    template_name = "rosters/shift_form.html"

    def get_initial(self):
        shift = self.get_shift()
        starts, ends = timezone.localtime(shift.starts_at), timezone.localtime(shift.ends_at)
        return {
            "gate": shift.gate,
            "person": shift.person,
            "day": starts.date(),
            "start": starts.time(),
            "end": ends.time(),
            "note": shift.note,
        }

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "current_gate": self.get_shift().gate}

    def save(self, data):
        return update_shift(self.get_shift(), by=self.request.user, **self.form_data(data))


class ShiftDeleteView(ExistingShiftMixin, CompanyPermissionRequiredMixin, View):
    permission = "rosters.change"

    def post(self, request, *args, **kwargs):
        shift = self.get_shift()
        delete_shift(shift, by=request.user)
        messages.success(request, _("The shift is removed from the roster."))
        return redirect(board_url(self.get_site(), timezone.localdate(shift.starts_at)))


class ShiftAbsenceView(ExistingShiftMixin, ShiftFormView):
    form_class = AbsenceForm
    title = gettext_lazy("Mark absent")
    template_name = "rosters/shift_action.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "shift": self.get_shift()}

    def save(self, data):
        mark_absent(self.get_shift(), by=self.request.user, cover=data["cover"], note=data["note"])
        return self.shift


class ShiftSwapView(ExistingShiftMixin, ShiftFormView):
    form_class = SwapForm
    title = gettext_lazy("Swap shifts")
    template_name = "rosters/shift_action.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "shift": self.get_shift()}

    def save(self, data):
        first, _second = swap_shifts(self.get_shift(), data["other"], by=self.request.user)
        return first
