from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

from hemvag.api import api
from hemvag.core import views as core_views
from hemvag.core.admin import site as admin_site

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("api/v1/", api.urls),
    path("admin/", admin_site.urls),
    path("", include("hemvag.core.urls")),
    path("", include("hemvag.cases.urls")),  # /cases/… and the staff referral at /refer/
    path("", include("hemvag.content.urls")),
]
# The resident site: each language has its own addresses (/sv/…, /en/…, /ar/…), so a page can be shared in a
# language. Staff routes above stay unprefixed.
urlpatterns += i18n_patterns(path("", include("hemvag.public.urls")), prefix_default_language=True)

handler500 = "hemvag.core.views.server_error"
