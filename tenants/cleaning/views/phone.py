"""Placeholder: filled in by this issue's work on the phone pages."""

urlpatterns = []
