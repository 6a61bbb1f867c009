from django.urls import include, path

from hemvag.cases import views

app_name = "cases"

case_patterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_new, name="new"),
    path("export.csv", views.case_export, name="export"),
    path("import/", views.register_import, name="import"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/to/<str:target>/", views.case_transition, name="transition"),
    path("<int:pk>/facts/", views.case_facts, name="facts"),
    path("<int:pk>/<str:section>/", views.case_section, name="section"),
    path("<int:pk>/<str:section>/<int:item_id>/", views.case_section, name="item"),
    path("documents/<int:pk>/", views.document_download, name="document"),
    path("people/<int:pk>/rights/", views.person_extract, name="person_extract"),
    path("people/<int:pk>/erase/", views.person_erase, name="person_erase"),
]

urlpatterns = [
    path("cases/", include(case_patterns)),
    # A colleague's referral of a resident (hänvisning): it opens an inquiry, so it is this app's page.
    path("refer/", views.staff_refer, name="refer"),
    path("refer/mine/", views.my_referrals, name="my_referrals"),
]
