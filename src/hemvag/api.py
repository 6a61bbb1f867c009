"""/api/v1/: one NinjaAPI; each installed app mounts the HemvagRouter its plugin module names (permission layer,
deny by default), and the API answers the exceptions the apps declare in one shape (core.apierrors)."""

from hemvag.core import apierrors, plugins
from hemvag.core.apiauth import HemvagAPI

api = HemvagAPI(
    title="Hemväg API",
    version="1",
    urls_namespace="api",
    description=(
        "Case and information system for municipal voluntary-return services. Authenticate with the browser "
        "session (send X-CSRFToken on writes) or a personal access token: `Authorization: Bearer hv_…` "
        "(create one with `hemvag token create USERNAME`)."
    ),
)
for router in plugins.api_routers():
    api.add_router("/", router)
apierrors.install(api)
