"""Placeholder: filled in by this issue's work on the documents pages."""

urlpatterns = []
