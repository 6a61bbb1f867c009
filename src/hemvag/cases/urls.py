from django.urls import path

from hemvag.cases import views

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_new, name="new"),
    path("export.csv", views.case_export, name="export"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/to/<str:target>/", views.case_transition, name="transition"),
    path("<int:pk>/facts/", views.case_facts, name="facts"),
    path("<int:pk>/<str:section>/", views.case_section, name="section"),
    path("<int:pk>/<str:section>/<int:item_id>/", views.case_section, name="item"),
    path("documents/<int:pk>/", views.document_download, name="document"),
]
