"""What the resident site contributes: its pages, one address per language, and the anonymous eligibility API."""

from hemvag.core.plugins import Contributions, Urls

CONTRIBUTIONS = Contributions(
    urls=(Urls("", "hemvag.public.urls", localised=True),),
    api_router="hemvag.public.api.router",
)
