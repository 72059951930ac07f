from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", views.landing, name="landing"),
    path("enter/<slug:slug>/", views.enter_company, name="enter"),
    path("handoff/", views.handoff, name="handoff"),
]
