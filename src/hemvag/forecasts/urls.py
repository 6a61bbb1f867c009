from django.urls import path

from hemvag.forecasts import views

app_name = "forecasts"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new, name="new"),
    path("compare/", views.compare, name="compare"),
    path("compare/download.<str:file_format>", views.compare_download, name="compare_download"),
    path("<int:scenario_id>/", views.scenario, name="scenario"),
    path("<int:scenario_id>/scenario.yaml", views.scenario_file, name="scenario_file"),
    path("<int:scenario_id>/run", views.run_again, name="run_again"),
    path("runs/<int:run_id>/", views.run, name="run"),
    path("runs/<int:run_id>/download.<str:file_format>", views.run_download, name="run_download"),
]
