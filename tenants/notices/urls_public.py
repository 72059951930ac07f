"""The notices' public page on a company's host: residents read it without signing in."""

from django.urls import path

from tenants.notices.views.board import BoardView

urlpatterns = [
    # The token printed on a site's posters is the only key.
    path("board/<str:token>/", BoardView.as_view(), name="board"),
]
