from django.urls import path

from hemvag.matters import views

app_name = "matters"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new, name="new"),
    path("<int:matter_id>/", views.matter, name="matter"),
    path("<int:matter_id>/step/<str:target>", views.step, name="step"),
    path("<int:matter_id>/draft/", views.draft, name="draft"),
    path("<int:matter_id>/draft/facts", views.add_fact, name="add_fact"),
    path("<int:matter_id>/draft/refresh", views.refresh_facts, name="refresh_facts"),
    path("<int:matter_id>/versions/", views.versions, name="versions"),
    path("<int:matter_id>/bodies", views.add_body, name="add_body"),
    path("<int:matter_id>/bodies/<int:body_id>/", views.answer, name="answer"),
    path("<int:matter_id>/documents", views.attach, name="attach"),
    path("<int:matter_id>/documents/<int:document_id>", views.document, name="document"),
]
urlpatterns += [
    path("<int:matter_id>/export.<str:file_format>", views.export, name="export"),
    path("<int:matter_id>/bodies/<int:body_id>/remind", views.remind, name="remind"),
]
