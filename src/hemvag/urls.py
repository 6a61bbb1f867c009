"""The site's addresses: the health check, the API and the admin site, then every installed app's pages as
its plugin module declares them (hemvag.core.plugins). Resident pages get one address per language (/sv/…,
/en/…, /ar/…), so a page can be shared in a language; staff pages stay unprefixed."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

from hemvag.api import api
from hemvag.core import plugins
from hemvag.core import views as core_views
from hemvag.core.admin import site as admin_site

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("api/v1/", api.urls),
    path("admin/", admin_site.urls),
    *(path(urls.prefix, include(urls.module)) for urls in plugins.urls() if not urls.localised),
]
urlpatterns += i18n_patterns(
    *(path(urls.prefix, include(urls.module)) for urls in plugins.urls() if urls.localised),
    prefix_default_language=True,
)

handler500 = "hemvag.core.views.server_error"
