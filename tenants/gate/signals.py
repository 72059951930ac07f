"""Renew the company's rules version when anything a gate look-up depends on changes.

The look-up (services/gates.py) is kept in each process: who may record at which gate, under
which policy. A gate, site, policy, shift, person on duty or site assignment saved or deleted,
by a service, the admin or a task, renews the version in the same transaction, and from its
commit every entry found under the old version is looked up again (services/entries.py).
Shifts made in bulk (rotas, imports) send no signal and need none: they only add rights, and
refusals are never kept.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from tenants.gate.models import EntryPolicy
from tenants.gate.services.gates import renew_rules_version
from tenants.rosters.models import DutyPerson, Shift
from tenants.sites.models import Gate, Site


@receiver(post_save, sender=Gate)
@receiver(post_delete, sender=Gate)
@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
@receiver(post_save, sender=EntryPolicy)
@receiver(post_delete, sender=EntryPolicy)
@receiver(post_save, sender=Shift)
@receiver(post_delete, sender=Shift)
@receiver(post_save, sender=DutyPerson)
@receiver(post_delete, sender=DutyPerson)
def renew_on_change(sender, **kwargs):
    renew_rules_version()


@receiver(m2m_changed, sender=Site.assigned_users.through)
def renew_on_assignment(sender, action, **kwargs):
    if action.startswith("post_"):
        renew_rules_version()
