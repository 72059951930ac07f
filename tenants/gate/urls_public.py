"""The gate's public pages on a company's host: the visitor's form behind a gate poster's QR
code, and the pass it gives. No sign-in; the poster's token is the only key."""

from django.urls import path

from tenants.gate.views.visitor import VisitorFormView, VisitorPassView

urlpatterns = [
    path("visit/<str:token>/", VisitorFormView.as_view(), name="visitor-form"),
    path("visit/<str:token>/pass/<str:code>/", VisitorPassView.as_view(), name="visitor-pass"),
]
