"""Placeholder: filled in by this issue's work on the manager pages."""

urlpatterns = []
