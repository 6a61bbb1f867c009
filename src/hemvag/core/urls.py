from django.urls import path

from hemvag.core import views

app_name = "core"

urlpatterns = [
    path("", views.front_door, name="front_door"),
    path("start/", views.start, name="start"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("login/city/", views.CityAccountStartView.as_view(), name="oidc_start"),
    path("login/city/callback/", views.CityAccountCallbackView.as_view(), name="oidc_callback"),
    path("login/code/", views.second_factor, name="second_factor"),
    path("login/code/enrol/", views.second_factor_enrol, name="second_factor_enrol"),
    path("password/", views.password_change, name="password_change"),
    path("language/", views.switch_language, name="switch_language"),
    path("audit/", views.audit_log, name="audit_log"),
    path("audit/export.csv", views.audit_log_export, name="audit_log_export"),
    path("access-log/", views.access_log, name="access_log"),
    path("access-log/export.csv", views.access_log_export, name="access_log_export"),
]
