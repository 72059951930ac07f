from django.urls import path

from partners import views

app_name = "partners"

urlpatterns = [
    path("", views.ApiKeyListView.as_view(), name="keys"),
    path("<int:pk>/revoke/", views.ApiKeyRevokeView.as_view(), name="revoke"),
]
