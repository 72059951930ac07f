"""Portal pages for rosters; included in the portal's namespace by tenants.portal.urls."""

from django.urls import path

from tenants.rosters.views import board, guard, imports, people, rotas, shifts

urlpatterns = [
    path("sites/<int:pk>/board/", board.CoverageBoardView.as_view(), name="board"),
    path("sites/<int:site>/shifts/new/", shifts.ShiftCreateView.as_view(), name="shift-create"),
    path("shifts/<int:pk>/edit/", shifts.ShiftUpdateView.as_view(), name="shift-edit"),
    path("shifts/<int:pk>/delete/", shifts.ShiftDeleteView.as_view(), name="shift-delete"),
    path("shifts/<int:pk>/absent/", shifts.ShiftAbsenceView.as_view(), name="shift-absent"),
    path("shifts/<int:pk>/swap/", shifts.ShiftSwapView.as_view(), name="shift-swap"),
    path("sites/<int:site>/rotas/", rotas.RotaListView.as_view(), name="rotas"),
    path("sites/<int:site>/rotas/new/", rotas.RotaCreateView.as_view(), name="rota-create"),
    path("rotas/<int:pk>/generate/", rotas.RotaGenerateView.as_view(), name="rota-generate"),
    path("sites/<int:site>/roster-import/", imports.RosterImportView.as_view(),
         name="roster-import"),
    path("sites/<int:site>/roster-import/template.xlsx", imports.RosterTemplateView.as_view(),
         name="roster-template"),
    path("people/", people.DutyPersonListView.as_view(), name="people"),
    path("people/new/", people.DutyPersonCreateView.as_view(), name="person-create"),
    path("people/<int:pk>/edit/", people.DutyPersonUpdateView.as_view(), name="person-edit"),
    path("people/<int:pk>/login/", people.DutyPersonLoginView.as_view(), name="person-login"),
    path("m/shifts/", guard.MyShiftsView.as_view(), name="my-shifts"),
]  # fmt: skip
