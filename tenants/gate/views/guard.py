"""The guard's phone at the gate: record entries (online or not), open visitor passes."""

from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import TemplateView

from guanjia.idempotency import ReusedIdConflict
from guanjia.jsonbody import json_object
from guanjia.phones import normalize_phone
from guanjia.portal import CompanyPermissionRequiredMixin
from tenants.gate.forms import EntryJson, PersonChecksJson
from tenants.gate.identity import normalize_document
from tenants.gate.models import EscalationContacts, VisitorPass
from tenants.gate.policy import (
    FIELDS_BY_CATEGORY,
    REASON_TEXTS,
    RESIDENT_CATEGORIES,
    Category,
    HealthCode,
    Level,
    Outcome,
)
from tenants.gate.services.gates import (
    current_shift_gate,
    gate_for_recording,
    gates_for_recording,
)
from tenants.gate.services.passes import find_pass, normalize_code
from tenants.gate.services.personal_data import check_texts, known_person
from tenants.gate.services.policy import policy_for
from tenants.gate.services.recording import record_entry_at
from tenants.sites.models import Gate


def _json_body(request) -> dict:
    return json_object(request)


def _errors(exc: ValidationError) -> dict:
    if hasattr(exc, "error_dict"):
        return {field: list(messages) for field, messages in exc.message_dict.items()}
    return {"__all__": exc.messages}


class GatePageView(CompanyPermissionRequiredMixin, TemplateView):
    """The entry form of the gate where the guard's current shift is (or the one they chose)."""

    permission = "gate.record"
    template_name = "gate/guard_gate.html"

    def get_context_data(self, **kwargs):
        now = timezone.now()
        gates = list(gates_for_recording(self.access, now).select_related("site"))
        visitor_pass = kwargs.get("visitor_pass")
        gate = self._chosen_gate(gates, now, visitor_pass)
        context = super().get_context_data(
            gates=gates,
            gate=gate,
            categories=Category.choices,
            health_codes=HealthCode.choices,
            **kwargs,
        )
        if gate is not None:
            context["config"] = self._config(gate, visitor_pass)
            # Read on each load: what a manager changes reaches the next page the guard opens.
            context["next_steps"] = EscalationContacts.current()
        return context

    def _chosen_gate(self, gates, now, visitor_pass):
        # A pass opens at the gate it was made for when the guard may record there.
        wanted = str(visitor_pass.gate_id) if visitor_pass else self.request.GET.get("gate")
        by_id = {str(gate.pk): gate for gate in gates}
        if wanted in by_id:
            return by_id[wanted]
        # The gate of the shift under way or about to start, with the grace the right has.
        current = current_shift_gate(self.request.user, now)
        return by_id.get(str(current)) or (gates[0] if gates else None)

    def _config(self, gate, visitor_pass) -> dict:
        policy = policy_for(gate.site)
        return {
            "gate": gate.pk,
            "company": self.request.tenant.schema_name,
            "entriesUrl": reverse("portal:gate-entries"),
            "checksUrl": reverse("portal:gate-checks"),
            "policy": {
                "level": policy.level,
                "rules": policy.rules,
                "threshold": str(policy.threshold),
                "greenCodeRequired": policy.green_code_required,
                "travelReported": policy.travel_reported,
            },
            "fields": {category: list(fields) for category, fields in FIELDS_BY_CATEGORY.items()},
            "residentCategories": sorted(RESIDENT_CATEGORIES),
            "reasons": {code: str(text) for code, text in REASON_TEXTS.items()},
            "labels": {
                "category": dict(Category.choices),
                "level": dict(Level.choices),
                "colour": dict(HealthCode.choices),
                "outcome": dict(Outcome.choices),
            },
            "text": {
                "pendingOne": ngettext(
                    "%(count)s entry is waiting to be sent.",
                    "%(count)s entries are waiting to be sent.",
                    1,
                ),
                "pendingMany": ngettext(
                    "%(count)s entry is waiting to be sent.",
                    "%(count)s entries are waiting to be sent.",
                    2,
                ),
                "offline": _("No network: entries are kept on this phone and sent later."),
                "sent": _("Recorded."),
                "kept": _("Kept on this phone: it will be sent when the network is back."),
                "required": _("Needed for this kind of entrant."),
                "refused": _("Not accepted by the server:"),
                "differs": _("The office's rules decided differently: follow this decision."),
                "signIn": _("Sign in again to send the waiting entries."),
                "checksOffline": _("Checks need the network."),
                "gateGone": _("You may no longer record at this gate: ask your manager."),
            },
            "pass": self._pass_config(visitor_pass),
        }

    def _pass_config(self, visitor_pass):
        if visitor_pass is None:
            return None
        # Masked, as guards see every number: the entry takes the pass's own number on the
        # server, so the phone never needs it in full.
        return {
            "code": visitor_pass.code,
            "category": visitor_pass.category,
            "name": visitor_pass.name,
            "phone": visitor_pass.phone_masked,
            "building": visitor_pass.building,
            "room": visitor_pass.room,
            "health_code": visitor_pass.health_code,
            "key_region_travel": visitor_pass.key_region_travel,
        }


class GatePassView(GatePageView):
    """A visitor's pass opened by its QR code or typed code: the entry form, filled in."""

    def get(self, request, *args, **kwargs):
        code = kwargs.get("code") or request.GET.get("code", "")
        if "code" not in kwargs:
            return redirect("portal:gate-pass", code=normalize_code(code) or "-")
        gates = gates_for_recording(self.access, timezone.now())
        visitor_pass = find_pass(code, gates=gates)
        problem = None
        if visitor_pass is None:
            problem = _("No pass with this code at your gates.")
        elif hasattr(visitor_pass, "entry"):
            problem = _("This pass has already been used.")
        elif visitor_pass.valid_on != timezone.localdate():
            problem = _("This pass has expired: passes are valid on the day they are made.")
        if problem:
            context = self.get_context_data(pass_problem=problem, **kwargs)
            return self.render_to_response(context, status=404 if visitor_pass is None else 410)
        return self.render_to_response(self.get_context_data(visitor_pass=visitor_pass, **kwargs))


class RecordEntryView(CompanyPermissionRequiredMixin, View):
    """POST one entry as JSON; the phone's id makes a resend return the first record.

    The same id with a different entry answers 409 and records nothing.
    """

    permission = "gate.record"
    http_method_names = ["post"]

    def post(self, request):
        try:
            sent = EntryJson(_json_body(request))
        except ValidationError as exc:
            return JsonResponse({"errors": _errors(exc)}, status=400)
        try:
            entry, created = record_entry_at(
                self.access,
                sent.cleaned_data["gate"],
                sent.entry_in(),
                pass_code=sent.cleaned_data["pass_code"],
                by=request.user,
                now=timezone.now(),
            )
        except Gate.DoesNotExist:
            raise Http404 from None
        except VisitorPass.DoesNotExist:
            return JsonResponse(
                {"errors": {"pass_code": [_("No pass with this code at your gates.")]}},
                status=400,
            )
        except ReusedIdConflict as exc:
            # Not a resend: sending it again can never succeed, so the phone drops it.
            detail = _(
                "Not recorded: this entry's id %(uuid)s was already used for a different "
                "entry. If this person is not recorded yet, record them again."
            ) % {"uuid": exc.uuid}
            return JsonResponse({"detail": detail, "errors": _errors(exc)}, status=409)
        except ValidationError as exc:
            return JsonResponse({"errors": _errors(exc)}, status=400)
        return JsonResponse(
            {
                "uuid": str(entry.uuid),
                "created": created,
                "decision": entry.decision,
                "outcome": entry.outcome,
                "outcomeLabel": str(Outcome(entry.outcome).label),
                "reasons": entry.reason_texts,
                "overridden": entry.overridden,
            },
            status=201 if created else 200,
        )


class PersonChecksView(CompanyPermissionRequiredMixin, View):
    """The three checks on a known person; numbers come in the body, never in the URL."""

    permission = "gate.record"
    http_method_names = ["post"]

    def post(self, request):
        try:
            asked = PersonChecksJson(_json_body(request)).cleaned_data
        except ValidationError as exc:
            return JsonResponse({"errors": _errors(exc)}, status=400)
        now = timezone.now()
        gate = gate_for_recording(self.access, asked["gate"], now)
        if gate is None:
            raise Http404
        document = phone = ""
        try:
            if asked["document"]:
                document = normalize_document(asked["document_kind"], asked["document"])
            if asked["phone"]:
                phone = normalize_phone(asked["phone"])
        except ValidationError as exc:
            return JsonResponse({"errors": _errors(exc)}, status=400)
        person = known_person(gate.site, document=document, phone=phone, now=now)
        return JsonResponse({"known": person.known, "checks": check_texts(person)})
