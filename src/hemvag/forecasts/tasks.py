"""The forecast runs in the background (`hemvag db_worker`, started by `hemvag serve`): a million persons over
four years take seconds, more than a page should wait, and a larger upload or generator takes longer."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django_tasks import task

from hemvag.core.permissions import SYSTEM
from hemvag.forecasts import actions, queries, scenarios

READ_SHARE = 20  # where the progress bar stands once the population is read; the years share the rest


@task()
def run_forecast(run_id: int) -> int:
    """Compute the run's forecast and keep its result; returns the number of households. Any failure is kept
    on the run (and shown on its page) rather than lost in the worker's log."""
    from hemvag.rules.forecast import forecast, load_population, rules_used

    run = queries.run(run_id)
    actions.do_start_forecast_run(actor=SYSTEM, run=run)
    scenario = run.scenario
    try:
        with scenarios.materialised(scenario.document, queries.population_of(scenario)) as parsed:
            actions.note_progress(run, 2, _("Reading the population"))
            population = load_population(parsed)

            def progress(done: int, steps: int) -> None:  # steps: each year, then the draws
                actions.note_progress(run, READ_SHARE + (100 - READ_SHARE) * done // steps,
                                      _("Evaluating year %(done)d of %(total)d") % {"done": done, "total": steps - 1})

            actions.note_progress(run, READ_SHARE, _("Evaluating the households"))
            result = forecast(parsed, population, progress=progress)
            rules = rules_used(parsed)
    except Exception as error:
        actions.do_fail_forecast_run(actor=SYSTEM, run=run, message=f"{type(error).__name__}: {error}")
        raise
    actions.do_finish_forecast_run(actor=SYSTEM, run=run, result=result, rules=rules)
    return population.households
