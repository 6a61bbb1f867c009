from django.urls import path

from hemvag.reports import views

app_name = "reports"
urlpatterns = [
    path("reports/", views.statistics, name="statistics"),
    path("reports/download.<str:file_format>", views.download, name="download"),
    path("reports/definitions/", views.definitions, name="definitions"),
    path("reports/municipality/", views.municipality, name="municipality"),
    path("reports/annual/", views.annual, name="annual"),
    path("reports/annual/runs/", views.annual_request, name="annual_request"),
    path("reports/annual/runs/<int:run_id>/", views.annual_run, name="annual_run"),
    path("reports/annual/runs/<int:run_id>/pdf", views.annual_download, name="annual_download"),
]
