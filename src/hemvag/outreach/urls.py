from django.urls import path

from hemvag.outreach import views

app_name = "outreach"
urlpatterns = [
    path("", views.index, name="index"),
    path("activities/new/", views.new_activity, name="new_activity"),
    path("consultations/new/", views.new_consultation, name="new_consultation"),
    path("organisations/", views.organisations, name="organisations"),
    path("organisations/<int:pk>/", views.organisation, name="organisation"),
    path("organisations/<int:pk>/contacts/<int:contact_id>/remove", views.remove_contact, name="remove_contact"),
    path("agreements/", views.agreements, name="agreements"),
    path("agreements/new/", views.new_agreement, name="new_agreement"),
    path("agreements/<int:pk>/", views.new_agreement, name="agreement"),
    path("agreements/<int:pk>/document", views.agreement_document, name="agreement_document"),
    path("organisations/<int:pk>/edit/", views.edit_organisation, name="edit_organisation"),
    path("plans/", views.plans, name="plans"),
    path("plans/new/", views.new_plan, name="new_plan"),
    path("plans/<int:pk>/", views.plan, name="plan"),
    path("calendar/feeds", views.new_feed, name="new_feed"),
    path("calendar/feeds/<int:pk>/revoke", views.revoke_feed, name="revoke_feed"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]
urlpatterns += [
    path("projects/", views.projects, name="projects"),
    path("projects/new/", views.new_project, name="new_project"),
    path("projects/<int:pk>/", views.project, name="project"),
    path("projects/<int:pk>/<str:what>", views.project_change, name="project_change"),
    path("applications/new/", views.new_application, name="new_application"),
    path("applications/<int:pk>/", views.application, name="application"),
]
