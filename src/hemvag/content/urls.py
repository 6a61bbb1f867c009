from django.urls import path

from hemvag.content import views

app_name = "content"

urlpatterns = [
    path("guidance/", views.guidance_index, name="guidance"),
    path("guidance/<slug:slug>/", views.guidance_page, name="guidance_page"),
    path("content/", views.editor_index, name="editor"),
    # Versions first: "content/versions/12/" would otherwise read as the page "versions" in language "12".
    path("content/versions/<int:version_id>/", views.version_detail, name="version"),
    path("content/versions/<int:version_id>/publish/", views.publish, name="publish"),
    path("content/versions/<int:version_id>/review/", views.mark_reviewed, name="mark_reviewed"),
    path("content/<slug:slug>/<str:language>/", views.editor_page, name="editor_page"),
]
