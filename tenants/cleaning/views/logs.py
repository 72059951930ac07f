"""A log's page with its times, its late mark and its corrections, where managers correct it
or withdraw it; and the company's cleaning setting, after how long a log is recorded late."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView

from guanjia.portal import CompanyPermissionRequiredMixin, ServiceFormView, add_service_errors
from tenants.cleaning.forms import CleaningSettingsForm, CorrectionForm
from tenants.cleaning.services.logs import LogIn, correct_log
from tenants.cleaning.services.settings import change_cleaning_settings
from tenants.cleaning.views.manager_base import iso, page_url, visible_logs


def log_url(log) -> str:
    return reverse("portal:cleaning-log", args=[log.pk])


class LogDetailView(CompanyPermissionRequiredMixin, DetailView):
    """Everyone who reads cleaning sees the log; those who plan it also correct it (POST)."""

    permission = "cleaning.view"
    template_name = "cleaning/manager/log.html"
    context_object_name = "log"

    def get_queryset(self):
        return visible_logs(self.access).select_related("corrects", "corrects__done_by")

    def may_correct(self, log) -> bool:
        # Only the latest version of a log is corrected: the service refuses the others.
        return self.access.has("cleaning.plan") and not log.corrections.exists()

    def get_context_data(self, **kwargs):
        log = self.object
        if "correction_form" not in kwargs and self.may_correct(log):
            kwargs["correction_form"] = CorrectionForm(log=log)
        return super().get_context_data(
            corrections=log.corrections.select_related("done_by").order_by("received_at", "pk"),
            day_url=page_url(
                "cleaning-day", site=log.area.site_id, day=iso(timezone.localdate(log.done_at))
            ),
            **kwargs,
        )

    def post(self, request, pk):
        if not self.access.has("cleaning.plan"):
            raise PermissionDenied
        log = self.object = self.get_object()
        form = CorrectionForm(request.POST, log=log)
        if form.is_valid():
            data = form.cleaned_data
            withdraw = data["withdraw"]
            entry = LogIn(
                uuid=data["uuid"],
                area=log.area,
                kind=log.kind,
                task=log.task,
                # A withdrawal records no work: it is dated when it is made.
                done_at=None if withdraw else (data["done_at"] or log.done_at),
                agent="" if withdraw else data["agent"],
                concentration="" if withdraw else data["concentration"],
                note=data["note"],
            )
            try:
                correction, _created = correct_log(
                    log, entry, by=request.user, reason=data["reason"], withdraw=withdraw
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("The log is withdrawn: it no longer counts.")
                    if withdraw
                    else _("The log is corrected: the correction counts in its place."),
                )
                return redirect(log_url(correction))
        context = self.get_context_data(object=log, correction_form=form)
        return self.render_to_response(context, status=400)


class CleaningSettingsView(ServiceFormView):
    permission = "cleaning.settings"
    form_class = CleaningSettingsForm
    template_name = "cleaning/manager/settings.html"
    title = gettext_lazy("Cleaning settings")

    def get_initial(self):
        return {"late_record_hours": self.request.tenant.late_record_hours}

    def save(self, data):
        return change_cleaning_settings(
            self.request.tenant, late_record_hours=data["late_record_hours"], by=self.request.user
        )

    def success_message(self, company):
        return _("The cleaning settings are saved. They apply to logs received from now on.")

    def get_success_url(self, saved=None):
        return reverse("portal:cleaning-settings")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "cancel_url": reverse("portal:cleaning-day")}
