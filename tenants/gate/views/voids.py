"""Voiding a mistaken entry: the guard's own entries of today on the phone, and any entry of
their sites for managers on the entry's page. The entry stays, marked; it no longer counts."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import ListView

from guanjia.portal import CompanyPermissionRequiredMixin, add_service_errors
from tenants.gate.forms import VoidEntryForm
from tenants.gate.home import today
from tenants.gate.models import Entry
from tenants.gate.models.entries import VOID_REASON_MAX
from tenants.gate.services.voids import void_entry
from tenants.gate.views.entries import EntryDetailView


def voided_message() -> str:
    return _("The entry is voided: it stays listed and no longer counts.")


class MyEntriesTodayView(CompanyPermissionRequiredMixin, ListView):
    """The entries the signed-in guard recorded today, newest first, each with Void."""

    permission = "gate.record"
    template_name = "gate/guard_today.html"
    context_object_name = "entries"
    paginate_by = 50

    def get_queryset(self):
        start, end = today(timezone.now())
        return (
            Entry.objects.filter(
                recorded_by=self.request.user, recorded_at__gte=start, recorded_at__lt=end
            )
            .select_related("site", "gate")
            .order_by("-recorded_at", "-id")
        )

    def get_context_data(self, **kwargs):
        # The form of the entry whose void failed keeps what was typed and says why.
        return super().get_context_data(
            failed=kwargs.pop("failed", None),
            form=kwargs.pop("form", None),
            reason_max=VOID_REASON_MAX,
            **kwargs,
        )


class VoidOwnEntryView(MyEntriesTodayView):
    """POST a reason to void one of the guard's own entries of today."""

    http_method_names = ["post"]

    def post(self, request, pk):
        # Only one's own: another guard's entry, or another company's, is not found.
        entry = get_object_or_404(Entry.objects.filter(recorded_by=request.user), pk=pk)
        form = VoidEntryForm(request.POST)
        if form.is_valid():
            try:
                void_entry(entry, reason=form.cleaned_data["reason"], by=request.user)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, voided_message())
                return redirect("portal:gate-today")
        self.object_list = self.get_queryset()
        context = self.get_context_data(failed=entry.pk, form=form)
        return self.render_to_response(context, status=400)


class VoidEntryView(EntryDetailView):
    """A manager or site manager voids an entry of their sites, on its day, from its page."""

    permission = "gate.void"
    http_method_names = ["post"]

    def get_queryset(self):
        return super().get_queryset().filter(pk__in=Entry.objects.voidable_by(self.access))

    def post(self, request, pk):
        self.object = self.get_object()
        form = VoidEntryForm(request.POST)
        if form.is_valid():
            try:
                void_entry(self.object, reason=form.cleaned_data["reason"], by=request.user)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, voided_message())
                return redirect("portal:entry", pk=self.object.pk)
        context = self.get_context_data(object=self.object, void_form=form)
        return self.render_to_response(context, status=400)
