"""The scenario form: the forecast contract's fields in words a manager uses. The form only turns text into the
scenario document; whether the document is a valid scenario is for the rules engine to say (one home for every
limit), and its `path: problem` lines are put back beside the fields they concern, in the page's language."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from hemvag.core.codes import GROUND_LABELS, OUTCOMES
from hemvag.core.forms import AccessibleErrorsMixin
from hemvag.rules.engine import default_parameters
from hemvag.rules.facts import GROUNDS
from hemvag.rules.instalments import default_schedule
from hemvag.rules.programs import PROGRAMS
from hemvag.rules.scenario import parameter_names

SYNTHETIC, UPLOAD = "synthetic", "upload"
# The page's own bound on the work one run may queue (the command line allows more): runs cost time in the
# shared worker, about 20 ms per run, year and million households.
MAX_PAGE_RUNS = 1000
MAX_LINES_TEXT = 2000
_SHARE = re.compile(r"^\s*(\d+(?:[.,]\d*)?|[.,]\d+)\s*(%?)\s*$")


def parse_share(text: str) -> float | None:
    """'0,02', '0.02' and '2 %' are the same share; None when the text is not a number."""
    match = _SHARE.match(text)
    if match is None:
        return None
    value = float(match[1].replace(",", "."))
    return value / 100 if match[2] else value


class ShareField(forms.CharField):
    default_error_messages = {"invalid": _("Write a share as a decimal number (0,02) or a per cent (2 %).")}

    def to_python(self, value: Any) -> float | None:  # type: ignore[override]
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        share = parse_share(text)
        if share is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return share


def _flat(value: Any) -> bool:
    """A parameter's value is a number, a text, a date or a list of those: nothing nested (a nested YAML value
    could also be an alias bomb)."""
    scalar = (int, float, str, dt.date)
    return isinstance(value, scalar) or (isinstance(value, list) and all(isinstance(v, scalar) for v in value))


def _lines(text: str) -> list[tuple[int, str]]:
    return [(number, line.strip()) for number, line in enumerate(text.splitlines(), 1) if line.strip()]


def schedule_text(day: dt.date) -> str:
    """The rules' instalment schedule on a day as the form writes it (share, months after the decision): before
    leaving (at the decision), on arrival (assumed two months later) and after the months abroad the rules name."""
    params = default_parameters().on(day)
    shares = default_schedule(params)
    months = params.amount("return_grant.last_instalment_months_abroad")
    if len(shares) != 3 or months is None:
        return "1 0"
    after = (0, 2, 2 + months)
    return "\n".join(f"{share} % {when}" for share, when in zip(shares, after, strict=True))


class ScenarioForm(AccessibleErrorsMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None, empty_label=None,
                                  error_messages={"required": _("Choose the unit."),
                                                  "invalid_choice": _("Choose the unit.")})
    name = forms.CharField(label=_("Name of the scenario"), max_length=200,
                           error_messages={"required": _("Give the scenario a name.")})
    assumptions = forms.CharField(
        label=_("Assumptions and their sources"), required=False, max_length=5000, widget=forms.Textarea(
            attrs={"rows": 4}),
        help_text=_("Say where each assumption comes from, and which ones are guesses. The page and every "
                    "download show this text with the figures."))
    program = forms.ChoiceField(label=_("Programme"), choices=[(p, OUTCOMES[p]) for p in PROGRAMS])
    first_year = forms.IntegerField(label=_("First year"), error_messages={"required": _("Give the first year.")})
    last_year = forms.IntegerField(label=_("Last year"), error_messages={"required": _("Give the last year.")})
    applications_on = forms.CharField(
        label=_("Application date each year"), max_length=10, initial="mid_year",
        help_text=_("mid_year (1 July), or a day as MM-DD, for example 03-01."))
    population_source = forms.ChoiceField(
        label=_("Population"), widget=forms.RadioSelect, initial=SYNTHETIC,
        choices=[(SYNTHETIC, _("Synthetic population (the project's generator)")),
                 (UPLOAD, _("Upload a population file (the batch CSV of the eligibility command)"))])
    synthetic_persons = forms.IntegerField(label=_("Persons in the synthetic population"), required=False,
                                           initial=100_000, min_value=1, max_value=10_500_000)
    synthetic_seed = forms.IntegerField(label=_("Seed of the generator"), required=False, initial=1, min_value=0)
    population_file = forms.FileField(
        label=_("Population file"), required=False,
        help_text=_("One row per person, the columns of hemvag eligibility --batch. Larger files than the upload "
                    "limit: run hemvag forecast on the server."))
    take_up = ShareField(label=_("Take-up: share of eligible households that apply each year"),
                         initial="2 %", error_messages={"required": _("Give the take-up.")})
    take_up_by_year = forms.CharField(
        label=_("Take-up by year"), required=False, max_length=MAX_LINES_TEXT, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One line a year, for example 2026: 1 %. It replaces every other rate in that year."))
    not_eligible = ShareField(
        label=_("Share of households that are not eligible and apply anyway"), required=False, initial="0",
        help_text=_("They count as applications and refusals (the unit's workload), never as cost."))
    unknown_as = forms.ChoiceField(
        label=_("Households whose facts are not all known"), widget=forms.RadioSelect, initial="excluded",
        choices=[("excluded", _("Count them as not eligible")),
                 ("eligible", _("Count them as eligible with the highest amount (an upper bound)"))])
    decision_lag_months = forms.IntegerField(label=_("Months from application to decision"), initial=4,
                                             required=False)
    instalments = forms.CharField(
        label=_("Instalments"), required=False, max_length=MAX_LINES_TEXT, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One line an instalment: its share and the months after the decision, for example 20 % 0. "
                    "Empty: one payment at the decision."))
    parameters = forms.CharField(
        label=_("Changed rules (reform)"), required=False, max_length=MAX_LINES_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One line a parameter, name: value, for example return_grant.amount_per_adult: 200000. "
                    "The names are listed below."))
    runs = forms.IntegerField(label=_("Monte Carlo runs"), initial=200, min_value=1, max_value=MAX_PAGE_RUNS,
                              help_text=_("Draws of who applies; the page shows the 5th and 95th percentiles."))
    seed = forms.IntegerField(label=_("Seed of the draws"), initial=1,
                              help_text=_("The same scenario and seed give the same numbers."))

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.ground_fields = []
        for ground in GROUNDS:
            name = f"take_up_{ground}"
            self.fields[name] = ShareField(label=GROUND_LABELS[ground], required=False)
            self.ground_fields.append(name)

    def ground_bound_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.ground_fields]

    def clean_population_file(self) -> Any:
        upload = self.cleaned_data.get("population_file")
        if upload is not None and upload.size > settings.UPLOAD_MAX_BYTES:
            raise forms.ValidationError(_(
                "The file is larger than %(size)d MB. Use the synthetic population, or run hemvag forecast on "
                "the server.") % {"size": settings.UPLOAD_MAX_BYTES // (1024 * 1024)})
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        source = data.get("population_source")
        if source == UPLOAD and not data.get("population_file") and "population_file" not in self.errors:
            self.add_error("population_file", _("Choose the population file."))
        if source == SYNTHETIC and data.get("synthetic_persons") is None and "synthetic_persons" not in self.errors:
            self.add_error("synthetic_persons", _("Give the number of persons."))
        first, last = data.get("first_year"), data.get("last_year")
        if first is not None and last is not None and last < first:
            self.add_error("last_year", _("The last year cannot come before the first."))
        elif first is not None and last is not None and last - first > 90:
            self.add_error("last_year", _("A forecast covers at most 90 years."))
        return data

    # --- text fields with lines ---

    def _by_year(self) -> dict[str, float]:
        rates: dict[str, float] = {}
        for number, line in _lines(self.cleaned_data.get("take_up_by_year") or ""):
            year, _sep, rate = line.partition(":")
            share = parse_share(rate)
            if not year.strip().isdigit() or share is None:
                self.add_error("take_up_by_year", _("Line %(line)d: write a year and a share, for example "
                                                    "2026: 1 %%.") % {"line": number})
                continue
            rates[year.strip()] = share
        return rates

    def _instalments(self) -> list[dict[str, Any]] | None:
        schedule = []
        for number, line in _lines(self.cleaned_data.get("instalments") or ""):
            match = re.fullmatch(r"(.+?)\s+(\d+)", line)
            share = parse_share(match[1]) if match else None
            if match is None or share is None:
                self.add_error("instalments", _("Line %(line)d: write a share and a number of months, for example "
                                                "20 %% 0.") % {"line": number})
                continue
            schedule.append({"share": share, "after_months": int(match[2])})
        return schedule or None

    def _parameters(self) -> dict[str, Any]:
        text = self.cleaned_data.get("parameters") or ""
        try:
            raw = yaml.safe_load(text) if text.strip() else {}
        except yaml.YAMLError:
            raw = None
        if not isinstance(raw, dict) or not all(_flat(value) for value in raw.values()):
            self.add_error("parameters", _("Write one parameter a line, as name: value."))
            return {}
        return {str(key): value.isoformat() if isinstance(value, dt.date) else value for key, value in raw.items()}

    def document(self) -> dict[str, Any] | None:
        """The scenario document (as its YAML file would hold it), or None with the errors added to the form.
        The population file, if uploaded, is added by the action that saves it."""
        data = self.cleaned_data
        grounds = {g: data[f"take_up_{g}"] for g in GROUNDS if data.get(f"take_up_{g}") is not None}
        take_up: dict[str, Any] = {"default": data["take_up"]}
        if grounds:
            take_up["by_permit_ground"] = grounds
        by_year = self._by_year()
        if by_year:
            take_up["by_year"] = by_year
        if data.get("not_eligible"):
            take_up["not_eligible"] = data["not_eligible"]
        document: dict[str, Any] = {"name": data["name"], "program": data["program"]}
        if data["population_source"] == SYNTHETIC:
            document["synthetic"] = {"persons": data["synthetic_persons"], "seed": data.get("synthetic_seed") or 0}
        document.update({
            "years": list(range(data["first_year"], data["last_year"] + 1)),
            "applications_on": data["applications_on"].strip(), "take_up": take_up,
            "unknown_as": data["unknown_as"], "decision_lag_months": data.get("decision_lag_months") or 0})
        instalments = self._instalments()
        if instalments:
            document["instalments"] = instalments
        parameters = self._parameters()
        if parameters:
            document["parameters"] = parameters
        document.update({"runs": data["runs"], "seed": data["seed"]})
        return None if self.errors else document

    def add_problems(self, problems: list[str]) -> None:
        """The rules engine's `path: problem` lines, each beside its field."""
        for line in problems:
            field, message = problem_message(line)
            self.add_error(field if field in self.fields else None, message)


def parameter_help(program: str) -> list[tuple[str, str]]:
    """The reform parameters a scenario of the programme may change, with their kinds."""
    return sorted(parameter_names(program, default_parameters()).items())


# --- the rules' problems, in the page's language ---

_FIELD_OF_PATH = [
    (re.compile(r"^years"), "first_year"),
    (re.compile(r"^synthetic\.persons"), "synthetic_persons"),
    (re.compile(r"^synthetic\.seed"), "synthetic_seed"),
    (re.compile(r"^population"), "population_file"),
    (re.compile(r"^take_up\.by_permit_ground\.(?P<ground>\w+)"), "take_up_{ground}"),
    (re.compile(r"^take_up\.by_year"), "take_up_by_year"),
    (re.compile(r"^take_up\.not_eligible"), "not_eligible"),
    (re.compile(r"^take_up"), "take_up"),
    (re.compile(r"^instalments"), "instalments"),
    (re.compile(r"^parameters"), "parameters"),
]
_PROBLEMS = {
    "required": _("Required."),
    "must be between 0 and 1": _("Must be between 0 and 1 (0 % to 100 %)."),
    "must be greater than 0 and at most 1": _("Must be more than 0 and at most 1."),
    "must be a whole number, 0 or more": _("Must be a whole number, 0 or more."),
    "must be a whole number, 1 or more": _("Must be a whole number, 1 or more."),
    "must be a whole number of months, 0 or more": _("Must be a whole number of months, 0 or more."),
    "must be a whole number from 1 to 100000": _("Must be a whole number from 1 to 100 000."),
    "must be a whole year from 2010 to 2100": _("The years must lie between 2010 and 2100."),
    "must be strictly ascending and consecutive": _("The years must follow each other."),
    'must be mid_year or a quoted "MM-DD"': _("Write mid_year or a day as MM-DD, for example 03-01."),
    "not one of years": _("This year is not one of the scenario's years."),
    "no such parameter": _("No such parameter; the names are listed below the field."),
    "must be whole kronor, 0 or more": _("Must be whole kronor, 0 or more."),
    "must be a whole number": _("Must be a whole number."),
    "must be a date (YYYY-MM-DD)": _("Must be a date (YYYY-MM-DD)."),
    "must be a list of codes": _("Must be a list of codes, for example [refugee, quota_refugee]."),
    "must be a list of whole per cents adding up to 100": _("Must be a list of whole per cents adding up to 100."),
}
_PATTERNS = [
    (re.compile(r"^the shares must sum to 1 \(they sum to (?P<total>[^)]*)\)$"),
     _("The shares must add up to 1 (100 %%); they add up to %(total)s.")),
    (re.compile(r"^(?P<day>\S+) is not a day of (?P<year>\d+)$"), _("%(day)s is not a day of %(year)s.")),
]


def _where(path: str) -> str:
    """The part of a path inside a field of lines: the year, the instalment's line or the parameter's name."""
    if match := re.match(r"^instalments\[(\d+)\]", path):
        return str(_("Line %(line)d") % {"line": int(match[1]) + 1})
    for prefix in ("take_up.by_year.", "parameters."):
        if path.startswith(prefix):
            return path.removeprefix(prefix).split(".")[0] if prefix != "parameters." else path.removeprefix(prefix)
    return ""


def problem_message(line: str) -> tuple[str | None, str]:
    """(field, message) of one `path: problem` line."""
    path, _sep, problem = line.partition(": ")
    field: str | None = path
    for pattern, name in _FIELD_OF_PATH:
        if match := pattern.match(path):
            field = name.format(**match.groupdict())
            break
    if path == "population":  # a problem of the file: the batch contract's own `line N: column: problem`
        return "population_file", str(_("The file has a problem: %(problem)s") % {"problem": problem})
    text = _PROBLEMS.get(problem)
    message = str(text) if text is not None else problem
    for pattern, template in _PATTERNS:
        if match := pattern.match(problem):
            message = str(template % match.groupdict())
    where = _where(path)
    return field, f"{where}: {message}" if where else message


def initial_from(document: dict[str, Any], name: str, assumptions: str, unit_id: int) -> dict[str, Any]:
    """The form filled in from a saved scenario, for "copy and change" (the population file is chosen again)."""
    take_up = document.get("take_up", {})
    take_up = take_up if isinstance(take_up, dict) else {"default": take_up}
    years = document.get("years", [])
    synthetic = document.get("synthetic")

    def share(value: Any) -> str:
        return f"{value * 100:g} %"

    initial: dict[str, Any] = {
        "unit": unit_id, "name": name, "assumptions": assumptions, "program": document.get("program"),
        "first_year": years[0] if years else None, "last_year": years[-1] if years else None,
        "applications_on": document.get("applications_on", "mid_year"),
        "population_source": SYNTHETIC if synthetic else UPLOAD,
        "synthetic_persons": synthetic["persons"] if synthetic else None,
        "synthetic_seed": synthetic.get("seed", 0) if synthetic else None,
        "take_up": share(take_up.get("default", 0)),
        "take_up_by_year": "\n".join(f"{year}: {share(rate)}" for year, rate in take_up.get("by_year", {}).items()),
        "not_eligible": share(take_up.get("not_eligible", 0)),
        "unknown_as": document.get("unknown_as", "excluded"),
        "decision_lag_months": document.get("decision_lag_months", 0),
        "instalments": "\n".join(f"{share(i['share'])} {i['after_months']}" for i in document.get("instalments", [])),
        "parameters": as_parameter_lines(document.get("parameters", {})),
        "runs": document.get("runs", 1), "seed": document.get("seed", 0),
    }
    for ground, rate in take_up.get("by_permit_ground", {}).items():
        initial[f"take_up_{ground}"] = share(rate)
    return initial


def as_parameter_lines(parameters: dict[str, Any]) -> str:
    return "".join(yaml.safe_dump({key: value}, allow_unicode=True, default_flow_style=True)[1:-2] + "\n"
                   for key, value in parameters.items()).strip()
