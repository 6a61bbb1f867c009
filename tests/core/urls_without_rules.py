"""A URL configuration with one page and one API route deliberately left without a permission rule."""

from django.http import HttpResponse
from django.urls import path

from hemvag.core.apiauth import HemvagAPI, HemvagRouter
from hemvag.core.permissions import requires
from hemvag.urls import urlpatterns as site_urlpatterns


@requires("core.view_start")
def ruled(request):
    return HttpResponse("ruled page")


def forgotten(request):
    return HttpResponse("forgotten page")


router = HemvagRouter()


@router.get("/ruled")
@requires("core.view_start")
def api_ruled(request):
    return {"ok": True}


@router.post("/ruled-write")
@requires("core.view_start")
def api_ruled_write(request):
    return {"written": True}


@router.get("/forgotten")
def api_forgotten(request):
    return {"secret": "forgotten route"}


test_api = HemvagAPI(title="test", version="test", urls_namespace="api-test")
test_api.add_router("/", router)

# The whole site, plus the test's own routes.
urlpatterns = [
    path("ruled/", ruled),
    path("forgotten/", forgotten),
    path("api-test/", test_api.urls),
    *site_urlpatterns,
]
