"""Starting a notice from one of the built-in templates."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tenants.notices.builtin_templates import BUILTIN_TEMPLATES, NEEDS_GATES, builtin_template
from tenants.notices.models import Notice
from tenants.notices.services.notices import create_notice
from tenants.sites.models import Gate, Site


@transaction.atomic
def start_notice_from_template(
    key: str,
    *,
    by,
    site: Site,
    closed_gate: Gate | None = None,
    open_gate: Gate | None = None,
    uuid=None,
) -> Notice:
    """A draft notice in all four languages from a built-in template, with the site's names in.

    A gate closure is posted at the closed gate and names the nearest open one.
    """
    if key not in BUILTIN_TEMPLATES:
        raise ValidationError({"template": _("Choose a template.")})
    names = {"site": site.name}
    gates = ()
    if key in NEEDS_GATES:
        errors = {}
        if closed_gate is None or closed_gate.site_id != site.pk:
            errors["closed_gate"] = _("Choose the closed gate of this site.")
        if open_gate is None or open_gate.site_id != site.pk:
            errors["open_gate"] = _("Choose the open gate residents should use instead.")
        elif not open_gate.is_open:
            errors["open_gate"] = _("“%(name)s” is not open.") % {"name": open_gate.name}
        if not errors and closed_gate == open_gate:
            errors["open_gate"] = _("Choose a gate other than the closed one.")
        if errors:
            raise ValidationError(errors)
        names |= {"gate": closed_gate.name, "open_gate": open_gate.name}
        gates = (closed_gate,)
    template = builtin_template(key)
    title, body = template.filled(**names)
    return create_notice(
        by=by, kind=template.kind, title=title, body=body, sites=[site], gates=gates, uuid=uuid
    )
