from django.urls import path

from hemvag.matters import views

app_name = "matters"
urlpatterns = [
    path("", views.index, name="index"),
]
urlpatterns += [path("<int:matter_id>/", views.matter, name="matter")]
