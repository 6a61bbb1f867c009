from django.http import HttpRequest, HttpResponse

from hemvag.core.permissions import has_permission, requires
from hemvag.core.plugins import DemoOutcome


@requires("plugin_app.view_things")
def things(request: HttpRequest) -> HttpResponse:
    return HttpResponse("All the things")


def panel(request: HttpRequest):
    if not has_permission(request.user, "plugin_app.view_things"):
        return None
    return "plugin_app/panel.html", {"who": request.user.get_username()}


def demo_step(*, create: bool) -> DemoOutcome:
    return DemoOutcome(summary="Dummy things created." if create else "", logins=(("thing-keeper", "Auditor", "-"),))
