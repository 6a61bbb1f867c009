"""What the forecasts app contributes: its two permissions (managers read and run forecasts of their units),
the menu entry and its pages under /reports/forecasts/. It reads only core and the rules engine: a forecast is
computed from a population file or the generator, never from the unit's cases."""

from django.utils.translation import gettext_lazy as _

from hemvag.core.plugins import Contributions, DemoStep, NavEntry, Urls

CONTRIBUTIONS = Contributions(
    permissions={
        "forecasts.view_forecasts": frozenset({"manager"}),
        "forecasts.run_forecasts": frozenset({"manager"}),
    },
    navigation=(NavEntry("forecasts:index", _("Cost forecasts"), "forecasts.view_forecasts", order=22),),
    urls=(Urls("reports/forecasts/", "hemvag.forecasts.urls"),),
    demo=(DemoStep("hemvag.forecasts.demo.demo_step", order=70, status=_("Computing the reference forecast")),),
)
