from django.urls import path

from regulators import views

app_name = "regulators"

urlpatterns = [
    path("", views.home, name="home"),
    path("companies/<slug:slug>/", views.company_detail, name="company"),
]
