"""Visitors register themselves: the public form behind the QR code on a gate's poster."""

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.views.generic import FormView, TemplateView

from guanjia.actors import System
from guanjia.encryption import blind_index
from guanjia.limits import Limit, reached, retry_after, usage
from guanjia.pdf import qr_code
from guanjia.phones import normalize_phone
from guanjia.portal import add_service_errors
from tenants.gate.forms import VisitorForm
from tenants.gate.models import PassSource, VisitorPass
from tenants.gate.services.passes import PassIn, create_pass
from tenants.sites.models import Gate


def pass_url(request, visitor_pass: VisitorPass) -> str:
    """What the pass's QR code opens on the guard's phone: the entry form, filled in."""
    return request.build_absolute_uri(reverse("portal:gate-pass", args=[visitor_pass.code]))


PASSES_PER_ADDRESS = Limit(
    "VISITOR_PASSES_PER_ADDRESS",
    gettext_lazy("Too many registrations from this network. Please wait a while or ask the guard."),
)
PASSES_PER_PHONE = Limit(
    "VISITOR_PASSES_PER_PHONE",
    gettext_lazy(
        "This mobile number has had as many passes as it may for now. Please ask the guard."
    ),
)
INVALID_POSTS_PER_ADDRESS = Limit(
    "VISITOR_INVALID_POSTS_PER_ADDRESS",
    gettext_lazy(
        "Too many forms with mistakes were sent from this network. Please wait a while or ask "
        "the guard."
    ),
)


def _phone_key(phone: str):
    """A mobile number as a counter's key: its keyed hash, never the number (nor a plain hash
    of eleven digits, which anyone could reverse)."""
    try:
        index = blind_index(normalize_phone(phone))
    except ValidationError:
        return None  # no pass will be made: the service refuses the number
    return lambda group, request: index


class VisitorFormView(FormView):
    """No sign-in: anyone at the gate with the poster's address may register a visit today.

    Passes issued are counted per address and per mobile number, and forms with mistakes per
    address; a limit used up answers 429 and makes nothing.
    """

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
        for limit in (INVALID_POSTS_PER_ADDRESS, PASSES_PER_ADDRESS):
            found = reached(request, limit, "ip")
            if found is not None:
                return self.refuse(limit, found)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        # Pressing "Send" again returns the first pass, which was counted when it was made.
        resend = VisitorPass.objects.filter(uuid=data["uuid"]).exists()
        phone_key = None if resend else _phone_key(data["phone"])
        if phone_key is not None:
            found = reached(self.request, PASSES_PER_PHONE, phone_key)
            if found is not None:
                return self.refuse(PASSES_PER_PHONE, found)
        try:
            visitor_pass = create_pass(
                self.gate,
                PassIn(**data),
                source=PassSource.FORM,
                # The visitor has no account, and a name given as the actor would stay in the
                # append-only log after the retention period strips it from the pass.
                by=System("visitor_form"),
                language=get_language() or "",
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        if phone_key is not None:  # a new pass, not the first one again
            usage(self.request, PASSES_PER_ADDRESS, "ip", increment=True)
            usage(self.request, PASSES_PER_PHONE, phone_key, increment=True)
        return redirect("visitor-pass", token=self.gate.visitor_token, code=visitor_pass.code)

    def form_invalid(self, form):
        usage(self.request, INVALID_POSTS_PER_ADDRESS, "ip", increment=True)
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def refuse(self, limit: Limit, found: dict):
        """429 with the reason in the visitor's language, and no form to send again."""
        response = self.render_to_response(self.get_context_data(refusal=limit.refusal), status=429)
        return retry_after(response, found)

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
