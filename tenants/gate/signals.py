"""Forget the kept answers of the gate look-up when anything they depend on changes.

The look-up (services/gates.py) keeps who may record at which gate, under which policy. A gate,
site, policy, shift, person on duty or site assignment saved or deleted, by a service, the admin
or a task, drops every kept answer of the company at once, and again when the transaction
commits (a look-up in between could keep what the database held before). Shifts made in bulk
(rotas, imports) send no signal and need none: they only add rights, and refusals are never kept.
"""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from tenants.gate.models import EntryPolicy
from tenants.gate.services.gates import forget_recording_gates
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
def forget_on_change(sender, **kwargs):
    forget_recording_gates()
    transaction.on_commit(forget_recording_gates)


@receiver(m2m_changed, sender=Site.assigned_users.through)
def forget_on_assignment(sender, action, **kwargs):
    if action.startswith("post_"):
        forget_on_change(sender)
