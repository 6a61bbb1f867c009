"""The statistics filters: a GET form, so every table has a URL to share. The rules of a valid request live in
statistics.build_request; this form only shapes the input and puts each problem beside its field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hemvag.core.forms import AccessibleErrorsMixin, DateInput
from hemvag.core.models import Unit
from hemvag.reports.measures import DEFAULT_THRESHOLD, DIMENSIONS, MEASURES, MIN_THRESHOLD, TIME_DIMENSIONS
from hemvag.reports.tables import StatisticsError, TableRequest, build_request

PUBLISHED, INTERNAL = "published", "internal"
DEFAULT_MEASURES = ["inquiries", "applications", "decisions", "granted"]
# The request's names for its parts -> this form's fields.
FIELD_OF = {"measures": "measures", "by": "split", "from": "period_from", "to": "period_to", "threshold": "threshold"}


class StatisticsForm(AccessibleErrorsMixin, forms.Form):
    measures = forms.MultipleChoiceField(
        label=_("Measures"), widget=forms.CheckboxSelectMultiple,
        choices=[(m.id, m.label) for m in MEASURES.values()])
    period = forms.ChoiceField(label=_("Per"), required=False, choices=[
        ("", _("The whole period")), *((d, DIMENSIONS[d].label) for d in TIME_DIMENSIONS)])
    split = forms.MultipleChoiceField(
        label=_("Split by"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=[(d.id, d.label) for d in DIMENSIONS.values() if not d.is_time],
        help_text=_("At most two, for a table that stays readable. Reasons for refusal go only with “Refused”."))
    period_from = forms.DateField(label=_("From"), required=False, widget=DateInput)
    period_to = forms.DateField(label=_("To"), required=False, widget=DateInput)
    unit = forms.ChoiceField(label=_("Unit"), required=False)
    figures = forms.ChoiceField(label=_("Figures"), choices=[
        (PUBLISHED, _("Published (small counts suppressed)")),
        (INTERNAL, _("Internal (exact counts, for the unit's managers only)"))], initial=PUBLISHED,
        widget=forms.RadioSelect, required=False)  # absent from a hand-written URL: published
    threshold = forms.IntegerField(label=_("Threshold"), required=False, min_value=MIN_THRESHOLD,
                                   max_value=1000, initial=DEFAULT_THRESHOLD,
                                   help_text=_("Counts from 1 to one below this are suppressed."))

    def __init__(self, *args: Any, units: list[Any], internal_allowed: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", _("All units"))] + [(str(u.pk), u.name) for u in units]
        if not internal_allowed:
            self.fields["figures"].choices = self.fields["figures"].choices[:1]

    def clean_split(self) -> list[str]:
        split = self.cleaned_data["split"]
        if len(split) > 2:
            raise forms.ValidationError(_("Choose at most two ways to split the figures."))
        return split

    def table_request(self) -> TableRequest | None:
        """The request, or None with each problem beside its field."""
        if not self.is_valid():
            return None
        data = self.cleaned_data
        published = data["figures"] != INTERNAL
        by = ([data["period"]] if data["period"] else []) + data["split"]
        try:
            return build_request(
                measures=data["measures"], by=by,
                period_from=data["period_from"].isoformat() if data["period_from"] else "",
                period_to=data["period_to"].isoformat() if data["period_to"] else "",
                published=published, threshold=data["threshold"] if published else None)
        except StatisticsError as error:
            for problem in error.problems:
                self.add_error(FIELD_OF[problem.field], problem.message)
            return None


def initial_query() -> dict[str, Any]:
    return {"measures": DEFAULT_MEASURES, "period": "year", "figures": PUBLISHED, "threshold": DEFAULT_THRESHOLD}


LANGUAGES = (("sv", _("Swedish")), ("en", _("English")))
YEARS_BACK = 10


class AnnualReportForm(forms.Form):
    unit = forms.TypedChoiceField(label=_("Unit"), coerce=int)
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    language = forms.ChoiceField(label=_("Language of the report"), choices=LANGUAGES)

    def __init__(self, *args: Any, units: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(unit.pk, unit.name) for unit in units]
        this_year = timezone.localdate().year
        self.fields["year"].choices = [(year, str(year)) for year in range(this_year, this_year - YEARS_BACK, -1)]
