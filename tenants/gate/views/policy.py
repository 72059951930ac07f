"""A site's entry policy: its level and rules, switching levels (one site or all), editing rules."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView

from guanjia.portal import CompanyPermissionRequiredMixin, ServiceFormView
from tenants.gate.manager_forms import LevelForm, PolicyForm
from tenants.gate.models import EntryPolicy, PolicyChange
from tenants.gate.policy import Category, Level, Rule
from tenants.gate.services.policy import change_policy, policy_for, switch_level
from tenants.sites.models import Site
from tenants.sites.views.mixins import SiteFromUrlMixin


def policy_url(site: Site) -> str:
    return reverse("portal:entry-policy", args=[site.pk])


def level_label(level: str) -> str:
    return str(Level(level).label)


class EntryPolicyView(SiteFromUrlMixin, CompanyPermissionRequiredMixin, TemplateView):
    permission = "gate.view"
    template_name = "gate/portal/policy.html"

    def get_context_data(self, **kwargs):
        kwargs.pop("site")  # the URL's id: the context gets the site itself
        site = self.get_site()
        policy = policy_for(site)
        rule_for = policy.as_policy().rule_for
        rules = [(category.label, Rule(rule_for(category))) for category in Category]
        changes = (
            PolicyChange.objects.visible_to(self.access)
            .filter(site=site)
            .select_related("changed_by")
        )
        return super().get_context_data(
            site=site,
            policy=policy,
            rules=rules,
            changes=changes,
            level_form=LevelForm(initial={"level": policy.level}),
            **kwargs,
        )


class SitePolicyFormView(SiteFromUrlMixin, ServiceFormView):
    permission = "gate.policy"
    template_name = "gate/portal/policy_form.html"

    def get_success_url(self, saved=None):
        return policy_url(self.get_site())

    def get_context_data(self, **kwargs):
        site = self.get_site()
        return super().get_context_data(site=site, policy=policy_for(site), **kwargs)


class SwitchLevelView(SitePolicyFormView):
    form_class = LevelForm
    title = gettext_lazy("Switch to another response level")

    def get_initial(self):
        return {"level": policy_for(self.get_site()).level}

    def save(self, data):
        self.level = data["level"]
        return switch_level([self.get_site()], data["level"], by=self.request.user)

    def success_message(self, changes):
        values = {"site": self.get_site().name, "level": level_label(self.level)}
        if not changes:
            return _("%(site)s already follows the rules of %(level)s.") % values
        return _("%(site)s now follows the rules of %(level)s.") % values


class EditPolicyView(SitePolicyFormView):
    form_class = PolicyForm
    title = gettext_lazy("Edit the entry rules")

    def get_initial(self):
        return PolicyForm.initial_for(policy_for(self.get_site()))

    def save(self, data):
        return change_policy(self.get_site(), by=self.request.user, **PolicyForm.policy_data(data))

    def success_message(self, change):
        if change is None:
            return _("Nothing changed.")
        return _("The entry rules of %(site)s are saved.") % {"site": self.get_site().name}


class SwitchAllSitesView(ServiceFormView):
    """One action for the day the city changes its response level: every site the user sees."""

    permission = "gate.policy"
    form_class = LevelForm
    template_name = "gate/portal/policy_level_all.html"
    title = gettext_lazy("Switch every site to a response level")

    def sites(self):
        return Site.objects.visible_to(self.access)

    def save(self, data):
        self.level = data["level"]
        return switch_level(self.sites(), data["level"], by=self.request.user)

    def success_message(self, changes):
        level = level_label(self.level)
        if not changes:
            return _("Every site already follows the rules of %(level)s.") % {"level": level}
        return ngettext(
            "%(count)s site now follows the rules of %(level)s.",
            "%(count)s sites now follow the rules of %(level)s.",
            len(changes),
        ) % {"count": len(changes), "level": level}

    def get_success_url(self, saved=None):
        return reverse("portal:entry-policy-level-all")

    def get_context_data(self, **kwargs):
        sites = list(self.sites().select_related("entry_policy"))
        for site in sites:
            try:
                site.level = site.entry_policy.get_level_display()
            except EntryPolicy.DoesNotExist:
                site.level = EntryPolicy.default_for(site).get_level_display()
        context = super().get_context_data(sites=sites, **kwargs)
        return {**context, "cancel_url": reverse("portal:sites")}
