"""What the forecasts app contributes: its two permissions (managers read and run forecasts of their units),
the menu entry, its pages under /reports/forecasts/ and a section of the annual report. It reads only core and
the rules engine: a forecast is computed from a population file or the generator, never from the unit's cases."""

from django.utils.translation import gettext_lazy as _

from hemvag.core.plugins import Contributions, DemoStep, FactBlock, NavEntry, ReportSection, Urls

CONTRIBUTIONS = Contributions(
    permissions={
        "forecasts.view_forecasts": frozenset({"manager"}),
        "forecasts.run_forecasts": frozenset({"manager"}),
    },
    navigation=(NavEntry("forecasts:index", _("Cost forecasts"), "forecasts.view_forecasts", order=22),),
    urls=(Urls("reports/forecasts/", "hemvag.forecasts.urls"),),
    report_sections=(ReportSection("forecasts", _("Cost forecasts"), "hemvag.forecasts.sections.forecasts",
                                   order=70),),
    demo=(DemoStep("hemvag.forecasts.demo.demo_step", order=70, status=_("Computing the reference forecast")),),
    fact_blocks=(FactBlock("forecasts.forecast_run", _("A cost forecast"), "hemvag.forecasts.facts.forecast_run",
                           argument_label=_("Number of the forecast run")),),
)
