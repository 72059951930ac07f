"""The managers' cleaning pages: the day and week of a site, overdue alerts, areas and their
plans, a log and its corrections, and the company's setting. The views live beside this
module, by subject (day, plans, logs)."""

from django.urls import path

from tenants.cleaning.views import day, logs, plans

urlpatterns = [
    path("cleaning/", day.DayView.as_view(), name="cleaning-day"),
    path("cleaning/week/", day.WeekView.as_view(), name="cleaning-week"),
    path("cleaning/alerts/", day.AlertListView.as_view(), name="cleaning-alerts"),
    path("cleaning/areas/", plans.AreaListView.as_view(), name="cleaning-areas"),
    path("cleaning/areas/new/", plans.AreaCreateView.as_view(), name="cleaning-area-create"),
    path("cleaning/areas/<int:pk>/", plans.AreaDetailView.as_view(), name="cleaning-area"),
    path("cleaning/areas/<int:pk>/edit/", plans.AreaEditView.as_view(), name="cleaning-area-edit"),
    path("cleaning/areas/<int:pk>/tasks/new/", plans.TaskCreateView.as_view(),
         name="cleaning-task-create"),
    path("cleaning/tasks/<int:pk>/edit/", plans.TaskEditView.as_view(), name="cleaning-task-edit"),
    path("cleaning/tasks/<int:pk>/end/", plans.TaskEndView.as_view(), name="cleaning-task-end"),
    path("cleaning/builtin/", plans.BuiltinPlanView.as_view(), name="cleaning-builtin"),
    path("cleaning/logs/<int:pk>/", logs.LogDetailView.as_view(), name="cleaning-log"),
    path("cleaning/settings/", logs.CleaningSettingsView.as_view(), name="cleaning-settings"),
]  # fmt: skip
