from django.urls import path

from hemvag.reports import views

app_name = "reports"
urlpatterns = [
    path("reports/", views.statistics, name="statistics"),
    path("reports/download.<str:file_format>", views.download, name="download"),
    path("reports/definitions/", views.definitions, name="definitions"),
    path("reports/municipality/", views.municipality, name="municipality"),
]
