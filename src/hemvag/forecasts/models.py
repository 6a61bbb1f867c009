"""Saved forecast scenarios and their runs.

A scenario never changes once saved: a committee paper cites "scenario 12, run 2026-12-03" and anyone who runs
it again gets the same numbers. Changing an assumption means a new scenario (the page copies the old one into
the form). A run keeps the result document of the forecast contract and the rules it was computed with.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Scenario(models.Model):
    unit = models.ForeignKey("core.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    name = models.CharField(_("name"), max_length=200)
    assumptions = models.TextField(_("assumptions and their sources"), blank=True)
    # The scenario as its YAML file would hold it (hemvag forecast reads the same document).
    document = models.JSONField(_("scenario"))
    population_name = models.CharField(_("population file"), max_length=200, blank=True)
    # An uploaded population (the batch CSV); in the database because web and worker share only that.
    population_csv = models.BinaryField(_("population"), null=True, editable=False)
    population_sha256 = models.CharField(_("population checksum"), max_length=64, blank=True)
    based_on = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                 verbose_name=_("copied from"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("forecast scenario")

    def __str__(self) -> str:
        return f"{self.pk}: {self.name}"


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class ForecastRun(models.Model):
    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="runs",
                                 verbose_name=_("scenario"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                     related_name="+", verbose_name=_("run by"))
    status = models.CharField(_("status"), max_length=8, choices=RunStatus.choices, default=RunStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    message = models.CharField(_("message"), max_length=200, blank=True)
    result = models.JSONField(_("result"), null=True, editable=False)  # the forecast contract's document
    rules = models.JSONField(_("rules used"), null=True, editable=False)  # per year: regime and parameters
    created_at = models.DateTimeField(_("asked for"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("forecast run")
        constraints = [models.CheckConstraint(condition=models.Q(progress__lte=100), name="forecast_run_progress_max")]

    def __str__(self) -> str:
        return f"{self.scenario_id}/{self.pk} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in (RunStatus.DONE, RunStatus.FAILED)

    @property
    def unit_id(self) -> int:  # the permission layer finds the unit of a run through its scenario
        return int(self.scenario.unit_id)
