from django.urls import include, path

from hemvag.api import api
from hemvag.core import views as core_views
from hemvag.core.admin import site as admin_site

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("api/v1/", api.urls),
    path("admin/", admin_site.urls),
    path("", include("hemvag.core.urls")),
]

handler500 = "hemvag.core.views.server_error"
