from django.urls import path

from tests.plugin_app import views

app_name = "plugin_app"
urlpatterns = [path("", views.things, name="things")]
