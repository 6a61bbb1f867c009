"""/api/v1/: one NinjaAPI; each app mounts a HemvagRouter (permission layer, deny by default)."""

from ninja.errors import HttpError

from hemvag.cases.api import router as cases_router
from hemvag.core import apierrors
from hemvag.core.api import router as core_router
from hemvag.core.apiauth import HemvagAPI
from hemvag.people.api import router as people_router
from hemvag.public.api import router as eligibility_router

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
api.add_router("/", core_router)
api.add_router("/", eligibility_router)
api.add_router("/", people_router)
api.add_router("/", cases_router)
apierrors.install(api)

__all__ = ["HttpError", "api"]
