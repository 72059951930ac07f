from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import views, views_password, views_staff
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
    # Public on every host: a forgotten password, by a link e-mailed to the account's address.
    # Setting a new one writes only the platform's records about that person.
    path(
        "password/reset/",
        platform_bookkeeping(views_password.PasswordResetView.as_view()),
        name="password-reset",
    ),
    path(
        "password/reset/sent/",
        platform_bookkeeping(views_password.PasswordResetSentView.as_view()),
        name="password-reset-sent",
    ),
    path(
        "password/reset/done/",
        platform_bookkeeping(views_password.PasswordResetDoneView.as_view()),
        name="password-reset-done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        platform_bookkeeping(views_password.PasswordResetConfirmView.as_view()),
        name="password-reset-confirm",
    ),
]
