"""The company's staff accounts in its portal: /staff/."""

from django.urls import path

from accounts import views_staff

app_name = "staff"

urlpatterns = [
    path("", views_staff.StaffListView.as_view(), name="list"),
    path("invite/", views_staff.StaffInviteView.as_view(), name="invite"),
    path("mobile/", views_staff.StaffMobileLoginView.as_view(), name="mobile"),
    path("<int:pk>/code/", views_staff.MemberSignInCodeView.as_view(), name="code"),
    path("<int:pk>/password/", views_staff.MemberPasswordResetView.as_view(), name="password"),
    path("<int:pk>/role/", views_staff.MemberRoleView.as_view(), name="role"),
    path("<int:pk>/deactivate/", views_staff.MemberDeactivateView.as_view(), name="deactivate"),
    path("<int:pk>/reactivate/", views_staff.MemberReactivateView.as_view(), name="reactivate"),
]
