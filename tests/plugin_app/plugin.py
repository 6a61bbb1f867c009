"""Everything the dummy app contributes, in the one place every app declares it."""

from hemvag.core.plugins import Contributions, DemoStep, ErrorType, FactBlock, NavEntry, Panel, ReportSection, Urls

CONTRIBUTIONS = Contributions(
    permissions={"plugin_app.view_things": frozenset({"auditor"})},
    navigation=(NavEntry("plugin_app:things", "Things of the dummy app", "plugin_app.view_things", order=50),),
    panels=(Panel("tests.plugin_app.views.panel", order=99),),
    demo=(DemoStep("tests.plugin_app.views.demo_step", order=99),),
    urls=(Urls("things/", "tests.plugin_app.urls"),),
    api_router="tests.plugin_app.api.router",
    errors=(ErrorType("tests.plugin_app.api.ThingsAreTired", 418, "tired"),),
    report_sections=(ReportSection("plugin_app.things", "Things", "tests.plugin_app.views.panel"),),
    fact_blocks=(FactBlock("plugin_app.thing_count", "How many things", "tests.plugin_app.views.panel"),),
)
