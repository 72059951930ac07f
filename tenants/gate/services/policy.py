"""Entry policies: switching sites to another response level, and editing a site's rules."""

from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from guanjia.actors import user_of
from tenants.gate.models import EntryPolicy, PolicyChange
from tenants.gate.policy import Category, Level, Rule, preset
from tenants.history.services import changes, log_action
from tenants.sites.models import Site


def policy_for(site: Site) -> EntryPolicy:
    """The site's policy, or the default one it follows until a manager sets one."""
    try:
        return site.entry_policy
    except EntryPolicy.DoesNotExist:
        return EntryPolicy.default_for(site)


def snapshot(policy: EntryPolicy) -> dict:
    return {
        "level": policy.level,
        "rules": dict(policy.rules),
        "threshold": str(policy.threshold),
        "green_code_required": policy.green_code_required,
        "travel_reported": policy.travel_reported,
    }


def _locked_policy(site: Site) -> EntryPolicy:
    # Two managers switching at once: the second waits and records its change from the first's.
    policy = EntryPolicy.objects.select_for_update().filter(site=site).first()
    return policy or EntryPolicy.default_for(site)


def _save(policy: EntryPolicy, before: dict, action: str, *, by) -> PolicyChange | None:
    after = snapshot(policy)
    if after == before and policy.pk:
        return None
    policy.updated_by = user_of(by)
    policy.save()
    log_action(policy, action, by=by, data={"changes": changes(before, after)})
    return PolicyChange.objects.create(
        site=policy.site,
        from_level=before["level"],
        to_level=policy.level,
        policy=after,
        changed_by=user_of(by),
    )


@transaction.atomic
def switch_level(sites: Iterable[Site], level: str, *, by) -> list[PolicyChange]:
    """Put sites on a response level's built-in rules at once, recording each change."""
    if level not in Level.values:
        raise ValidationError({"level": _("Choose a response level.")})
    rules = preset(level)
    changes = []
    for site in sites:
        policy = _locked_policy(site)
        before = snapshot(policy)
        policy.level = rules.level
        policy.rules = dict(rules.rules)
        policy.threshold = rules.threshold
        policy.green_code_required = rules.green_code_required
        policy.travel_reported = rules.travel_reported
        change = _save(policy, before, "entry_policy.level_switched", by=by)
        if change is not None:
            changes.append(change)
    return changes


@transaction.atomic
def change_policy(
    site: Site,
    *,
    rules: dict[str, str],
    threshold: Decimal,
    green_code_required: bool,
    travel_reported: bool,
    by,
) -> PolicyChange | None:
    """Adjust one site's rules within its level (e.g. refuse estate agents for a week)."""
    if set(rules) != set(Category.values) or not set(rules.values()) <= set(Rule.values):
        raise ValidationError({"rules": _("Give a rule for every category.")})
    policy = _locked_policy(site)
    before = snapshot(policy)
    policy.rules = dict(rules)
    policy.threshold = threshold
    policy.green_code_required = green_code_required
    policy.travel_reported = travel_reported
    policy.full_clean(exclude=["site", "updated_by"])
    return _save(policy, before, "entry_policy.changed", by=by)
