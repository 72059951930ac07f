from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import views, views_staff
from regulators.bookkeeping import platform_bookkeeping

app_name = "accounts"

urlpatterns = [
    # Signing in and out writes the platform's records about a person, never a company's data:
    # a regulator's request to them runs outside the read-only transaction.
    path("login/", platform_bookkeeping(views.LoginView.as_view()), name="login"),
    path("logout/", platform_bookkeeping(auth_views.LogoutView.as_view()), name="logout"),
    path("", views.landing, name="landing"),
    path("enter/<slug:slug>/", views.enter_company, name="enter"),
    path("handoff/", platform_bookkeeping(views.handoff), name="handoff"),
    # Public on a company's host: a login by mobile number enrolled with its one-time code.
    path("code/", platform_bookkeeping(views_staff.SignInCodeView.as_view()), name="code"),
    # Public on a company's host: the link in an invitation e-mail, whose token is the only key.
    path(
        "invitation/<str:token>/",
        views_staff.AcceptInvitationView.as_view(),
        name="invitation",
    ),
]
