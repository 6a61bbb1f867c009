"""The resident site's routes, mounted under i18n_patterns: /sv/…, /en/…, /ar/… (one address per language)."""

from django.urls import path

from hemvag.public import views

app_name = "public"

urlpatterns = [
    path("", views.home, name="home"),
    path("information/<slug:slug>/", views.page, name="page"),
    path("self-check/", views.self_check, name="self_check"),
    path("self-check/print/", views.self_check_print, name="self_check_print"),
    path("contact/", views.contact, name="contact"),
]
