"""The notice editor: writing a notice, starting one from a template, publishing, withdrawing."""

import uuid

from django import forms
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guanjia.portal import ServiceFormView
from tenants.notices.forms import FromTemplateForm, NoticeForm
from tenants.notices.languages import STATE_LABELS
from tenants.notices.models import Notice, NoticeStatus
from tenants.notices.services.notices import (
    create_notice,
    publish_notice,
    today,
    update_notice,
    withdraw_notice,
)
from tenants.notices.services.templates import start_notice_from_template
from tenants.sites.models import Site


class NoticeFromUrlMixin:
    """The notice named by the URL's `pk`, among those the caller may see (or change)."""

    editing = False

    def get_notice(self) -> Notice:
        if not hasattr(self, "notice"):
            if self.editing:
                notices = Notice.objects.editable_by(self.access)
            else:
                notices = Notice.objects.visible_to(self.access)
            self.notice = get_object_or_404(notices, pk=self.kwargs["pk"])
        return self.notice


def notice_url(notice: Notice) -> str:
    return reverse("portal:notice", args=[notice.pk])


class NoticeEditorView(ServiceFormView):
    permission = "notices.change"
    form_class = NoticeForm
    template_name = "notices/editor.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "sites": Site.objects.visible_to(self.access)}

    def get_success_url(self, saved=None):
        return notice_url(saved) if saved is not None else reverse("portal:notices")

    def success_message(self, saved):
        if saved.status == NoticeStatus.PUBLISHED:
            return _("The notice is saved; the boards show the new version.")
        return _("The notice is saved.")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        notice = getattr(self, "notice", None)
        states = notice.language_states if notice is not None else {}
        context["notice"] = notice
        context["columns"] = [
            {
                "language": language,
                "name": name,
                "fields": (title, body),
                "state": states.get(language),
                "state_label": STATE_LABELS.get(states.get(language)),
            }
            for language, name, title, body in context["form"].language_columns()
        ]
        return context


class NoticeCreateView(NoticeEditorView):
    title = gettext_lazy("New notice")

    def get_initial(self):
        return {"uuid": uuid.uuid4(), "valid_from": today()}

    def save(self, data):
        return create_notice(
            by=self.request.user, uuid=data["uuid"], **NoticeForm.notice_data(data)
        )


class NoticeUpdateView(NoticeFromUrlMixin, NoticeEditorView):
    editing = True
    title = gettext_lazy("Edit notice")

    def get_initial(self):
        return NoticeForm.initial_for(self.get_notice())

    def save(self, data):
        return update_notice(
            self.get_notice(), by=self.request.user, **NoticeForm.notice_data(data)
        )

    def get_context_data(self, **kwargs):
        self.get_notice()
        return super().get_context_data(**kwargs)


class NoticeFromTemplateView(ServiceFormView):
    permission = "notices.change"
    form_class = FromTemplateForm
    title = gettext_lazy("Start a notice from a template")
    template_name = "notices/from_template.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "sites": Site.objects.visible_to(self.access)}

    def get_initial(self):
        # A fresh key per blank form: a double-clicked submit makes one draft.
        return {"uuid": uuid.uuid4(), "site": self.request.GET.get("site")}

    def save(self, data):
        return start_notice_from_template(
            data["template"],
            by=self.request.user,
            site=data["site"],
            closed_gate=data["closed_gate"],
            open_gate=data["open_gate"],
            uuid=data["uuid"],
        )

    def get_success_url(self, saved=None):
        if saved is not None:
            return reverse("portal:notice-edit", args=[saved.pk])
        return reverse("portal:notices")

    def success_message(self, saved):
        return _("A draft in four languages is ready: check it, then publish it.")


class NoticeActionView(NoticeFromUrlMixin, ServiceFormView):
    """A button on the notice page (publish, withdraw) that posts to one service."""

    permission = "notices.change"
    editing = True
    form_class = forms.Form
    template_name = "notices/action.html"

    def get_success_url(self, saved=None):
        return notice_url(self.get_notice())

    def get_context_data(self, **kwargs):
        return super().get_context_data(notice=self.get_notice(), **kwargs)


class NoticePublishView(NoticeActionView):
    title = gettext_lazy("Publish this notice")

    def save(self, data):
        return publish_notice(self.get_notice(), by=self.request.user)

    def success_message(self, saved):
        return _("Published: the notice is on the boards of its sites.")


class NoticeWithdrawView(NoticeActionView):
    title = gettext_lazy("Withdraw this notice")

    def save(self, data):
        return withdraw_notice(self.get_notice(), by=self.request.user)

    def success_message(self, saved):
        return _("Withdrawn: the boards no longer show this notice.")
