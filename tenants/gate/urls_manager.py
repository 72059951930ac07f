"""The managers' gate pages; included in the portal's namespace by tenants.portal.urls."""

from django.urls import path

from tenants.gate.views import entries, escalations, isolation, needs, policy, settings, voids

urlpatterns = [
    path("sites/<int:site>/entry-policy/", policy.EntryPolicyView.as_view(), name="entry-policy"),
    path("sites/<int:site>/entry-policy/level/", policy.SwitchLevelView.as_view(),
         name="entry-policy-level"),
    path("sites/<int:site>/entry-policy/edit/", policy.EditPolicyView.as_view(),
         name="entry-policy-edit"),
    path("entry-policy/level/", policy.SwitchAllSitesView.as_view(),
         name="entry-policy-level-all"),
    path("entries/", entries.EntryListView.as_view(), name="entries"),
    path("entries/<int:pk>/", entries.EntryDetailView.as_view(), name="entry"),
    path("entries/<int:pk>/reveal/", entries.EntryRevealView.as_view(), name="entry-reveal"),
    path("entries/<int:pk>/void/", voids.VoidEntryView.as_view(), name="entry-void"),
    path("escalations/", escalations.EscalationListView.as_view(), name="escalations"),
    path("escalations/<int:pk>/", escalations.EscalationDetailView.as_view(), name="escalation"),
    path("escalations/<int:pk>/hand-over/", escalations.HandOverView.as_view(),
         name="escalation-hand-over"),
    path("escalations/<int:pk>/close/", escalations.CloseEscalationView.as_view(),
         name="escalation-close"),
    path("isolation/", isolation.IsolationListView.as_view(), name="isolation-cases"),
    path("isolation/new/", isolation.IsolationCreateView.as_view(), name="isolation-create"),
    path("isolation/<int:pk>/", isolation.IsolationCaseView.as_view(), name="isolation-case"),
    path("isolation/<int:pk>/reveal/", isolation.IsolationRevealView.as_view(),
         name="isolation-reveal"),
    path("isolation/<int:pk>/readings/", isolation.RecordReadingView.as_view(),
         name="isolation-reading"),
    path("isolation/<int:pk>/extend/", isolation.ExtendIsolationView.as_view(),
         name="isolation-extend"),
    path("isolation/<int:pk>/end/", isolation.EndIsolationView.as_view(), name="isolation-end"),
    path("isolation/<int:pk>/committee/", isolation.CommitteeRegistrationView.as_view(),
         name="isolation-committee"),
    path("isolation/<int:pk>/needs/new/", isolation.NeedCreateView.as_view(), name="need-create"),
    path("needs/", needs.NeedListView.as_view(), name="needs"),
    path("needs/<int:pk>/assign/", needs.AssignNeedView.as_view(), name="need-assign"),
    path("needs/<int:pk>/close/", needs.CloseNeedView.as_view(), name="need-close"),
    path("gate-settings/", settings.GateSettingsView.as_view(), name="gate-settings"),
]  # fmt: skip
