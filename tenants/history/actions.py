"""Every action the log knows, with the verb phrase a history page shows in the reader's language.

A service may only log an action named here, so each one has its words in the four catalogs.
"""

from django.utils.translation import gettext_lazy as _

ACTIONS = {
    # Sites and their places
    "site.created": _("created the site"),
    "site.changed": _("changed the site"),
    "building.created": _("added the building"),
    "building.changed": _("changed the building"),
    "gate.created": _("added the gate"),
    "gate.changed": _("changed the gate"),
    "gate.status_changed": _("opened, closed or sealed the gate"),
    "facility.created": _("added the facility"),
    "facility.changed": _("changed the facility"),
    "responsible_unit.created": _("added the responsible unit"),
    "responsible_unit.changed": _("changed the responsible unit"),
    # Rosters
    "duty_person.created": _("added the person on duty"),
    "duty_person.changed": _("changed the person on duty"),
    "duty_person.login_given": _("gave the person on duty a login"),
    "rota.created": _("created the rota"),
    "rota.shifts_generated": _("planned shifts from the rota"),
    "shift.created": _("added the shift"),
    "shift.changed": _("changed the shift"),
    "shift.deleted": _("deleted the shift"),
    "shift.swapped": _("swapped the shifts"),
    "shift.marked_absent": _("marked the shift absent"),
    # Notices
    "notice.created": _("wrote the notice"),
    "notice.changed": _("changed the notice"),
    "notice.published": _("published the notice"),
    "notice.withdrawn": _("withdrew the notice"),
    # The gate
    "entry.recorded": _("recorded the entry"),
    "entry.voided": _("voided the entry"),
    "escalation.opened": _("reported the case"),
    "escalation.handed_over": _("handed the case over"),
    "escalation.closed": _("closed the case"),
    "returnee.registered": _("registered the returnee"),
    "returnee.committee_registered": _("recorded the committee's registration"),
    "isolation.opened": _("placed the person under home observation"),
    "isolation.extended": _("extended the home isolation"),
    "isolation.ended": _("ended the home isolation"),
    "reading.recorded": _("recorded the temperature"),
    "need.opened": _("noted the household's need"),
    "need.assigned": _("assigned the household's need"),
    "need.closed": _("closed the household's need"),
    "personal_data.revealed": _("viewed the full numbers"),
    "entry_policy.level_switched": _("switched the response level"),
    "entry_policy.changed": _("changed the entry rules"),
    "company.gate_settings_changed": _("changed the gate settings"),
    "escalation_contacts.changed": _("changed the escalation contacts"),
    # Batch runs and the public visitor form
    "isolation.elapsed_finished": _("finished the home isolations whose last day had passed"),
    "personal_data.expired_removed": _("removed personal data past its retention period"),
    "gap_alerts.refreshed": _("checked the rosters for gaps"),
    # Cleaning and disinfection
    "cleaning_area.created": _("added the cleaning area"),
    "cleaning_area.changed": _("changed the cleaning area"),
    "cleaning_task.added": _("added the task to the cleaning plan"),
    "cleaning_task.changed": _("changed the task of the cleaning plan"),
    "cleaning_task.ended": _("took the task out of the cleaning plan"),
    "cleaning_plan.applied": _("applied the built-in cleaning plan"),
    "cleaning_log.recorded": _("recorded the cleaning work"),
    "cleaning_log.corrected": _("corrected the cleaning log"),
    "cleaning_log.photo_removed": _("removed the photo of the cleaning log"),
    "cleaning_alerts.refreshed": _("checked the cleaning plans for missed slots"),
    "company.cleaning_settings_changed": _("changed the cleaning settings"),
    "visitor_pass.created": _("issued the visitor pass"),
    "daily_report.produced": _("produced the daily report"),
}
