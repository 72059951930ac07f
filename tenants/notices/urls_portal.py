"""Portal pages for notices; included in the portal's namespace by tenants.portal.urls."""

from django.urls import path

from tenants.notices.views import editor, notices

urlpatterns = [
    path("notices/", notices.NoticeListView.as_view(), name="notices"),
    path("notices/new/", editor.NoticeCreateView.as_view(), name="notice-create"),
    path("notices/new/from-template/", editor.NoticeFromTemplateView.as_view(),
         name="notice-from-template"),
    path("notices/<int:pk>/", notices.NoticeDetailView.as_view(), name="notice"),
    path("notices/<int:pk>/edit/", editor.NoticeUpdateView.as_view(), name="notice-edit"),
    path("notices/<int:pk>/publish/", editor.NoticePublishView.as_view(), name="notice-publish"),
    path("notices/<int:pk>/withdraw/", editor.NoticeWithdrawView.as_view(),
         name="notice-withdraw"),
    path("notices/<int:pk>/history/", notices.NoticeHistoryView.as_view(), name="notice-history"),
    path("notices/<int:pk>/poster.pdf", notices.NoticePosterView.as_view(), name="notice-poster"),
]  # fmt: skip
