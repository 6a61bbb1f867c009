from django.urls import path

from hemvag.reports import views

app_name = "reports"
urlpatterns = [
    path("reports/", views.statistics, name="statistics"),
]
