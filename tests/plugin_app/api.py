from django.http import HttpRequest

from hemvag.core.apiauth import HemvagRouter
from hemvag.core.apierrors import ERRORS
from hemvag.core.permissions import requires

router = HemvagRouter(tags=["things"])


class ThingsAreTired(Exception):
    pass


@router.get("/things", response={200: dict, **ERRORS}, summary="The dummy app's things")
@requires("plugin_app.view_things")
def list_things(request: HttpRequest) -> dict:
    return {"things": 3}


@router.get("/things/tired", response={200: dict, **ERRORS}, summary="A thing that refuses")
@requires("plugin_app.view_things")
def tired(request: HttpRequest) -> dict:
    raise ThingsAreTired("The things are tired.")
