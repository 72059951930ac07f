"""Visitors register themselves: the public form behind the QR code on a gate's poster."""

import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.views.generic import FormView, TemplateView
from django_ratelimit.decorators import ratelimit

from guanjia.portal import add_service_errors
from tenants.gate.forms import VisitorForm
from tenants.gate.models import PassSource, VisitorPass
from tenants.gate.services.passes import PassIn, create_pass
from tenants.notices.posters import qr_code
from tenants.sites.models import Gate


def pass_url(request, visitor_pass: VisitorPass) -> str:
    """What the pass's QR code opens on the guard's phone: the entry form, filled in."""
    return request.build_absolute_uri(reverse("portal:gate-pass", args=[visitor_pass.code]))


def visitor_form_rate(group, request) -> str:
    """Read when the request comes, so the setting can change without a restart of the code."""
    return settings.VISITOR_FORM_RATE


@method_decorator(
    ratelimit(key="ip", rate=visitor_form_rate, method="POST", block=False), name="post"
)
class VisitorFormView(FormView):
    """No sign-in: anyone at the gate with the poster's address may register a visit today."""

    form_class = VisitorForm
    template_name = "gate/visitor_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.gate = get_object_or_404(
            Gate.objects.select_related("site"), visitor_token=kwargs["token"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"uuid": uuid.uuid4(), "health_code": "green"}

    def post(self, request, *args, **kwargs):
        if getattr(request.user, "is_regulator", False):
            # Regulators never write, not even through a public form (their session is
            # read-only in the database too).
            raise PermissionDenied
        if getattr(request, "limited", False):
            context = self.get_context_data(form=self.get_form(), limited=True)
            return self.render_to_response(context, status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            visitor_pass = create_pass(
                self.gate,
                PassIn(**data),
                source=PassSource.FORM,
                language=get_language() or "",
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        return redirect("visitor-pass", token=self.gate.visitor_token, code=visitor_pass.code)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs):
        return super().get_context_data(gate=self.gate, **kwargs)


class VisitorPassView(TemplateView):
    """The visitor's pass on their phone: the code to show or read out, and its QR code."""

    template_name = "gate/visitor_pass.html"

    def get_context_data(self, **kwargs):
        visitor_pass = get_object_or_404(
            VisitorPass.objects.select_related("gate", "site"),
            gate__visitor_token=kwargs["token"],
            code=kwargs["code"],
        )
        return super().get_context_data(
            visitor_pass=visitor_pass,
            gate=visitor_pass.gate,
            qr=qr_code(pass_url(self.request, visitor_pass)),
            valid_today=visitor_pass.valid_on == timezone.localdate(),
            used=hasattr(visitor_pass, "entry"),
            **kwargs,
        )
