"""The outreach forms: text to what the actions take; the actions' rules come back beside the fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hemvag.core.forms import AccessibleErrorsMixin, DateInput
from hemvag.outreach.models import (
    MAX_PARTICIPANTS,
    ActivityKind,
    AgreementKind,
    ColleagueKind,
    CostType,
    OrganisationKind,
    ProjectStatus,
)


class OrganisationForm(AccessibleErrorsMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=OrganisationKind.choices)
    country = forms.CharField(label=_("Country (two letters, e.g. BA)"), max_length=2, required=False)
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    languages = forms.CharField(label=_("Languages"), max_length=200, required=False)
    communities = forms.CharField(label=_("Communities it reaches"), max_length=300, required=False,
                                  help_text=_("For example: Iraqi, Somali."))
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                            max_length=5000, help_text=_("About the organisation, never about residents."))


class ContactForm(AccessibleErrorsMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    role = forms.CharField(label=_("Role"), max_length=200, required=False)
    work_phone = forms.CharField(label=_("Work phone"), max_length=40, required=False)
    work_email = forms.EmailField(label=_("Work e-mail"), required=False)
    basis = forms.CharField(label=_("Basis for keeping the contact"), max_length=300, required=False,
                            help_text=_("Why the unit needs it, for example: contact person for information "
                                        "meetings. Only work details; removed on request."))


class AgreementForm(AccessibleErrorsMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=AgreementKind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    parties = forms.ModelMultipleChoiceField(label=_("Parties"), queryset=None, required=False,
                                             widget=forms.CheckboxSelectMultiple)
    signed_on = forms.DateField(label=_("Signed on"), widget=DateInput, required=False)
    valid_from = forms.DateField(label=_("Valid from"), widget=DateInput, required=False)
    valid_to = forms.DateField(label=_("Valid to"), widget=DateInput, required=False)
    responsible = forms.ModelChoiceField(label=_("Responsible"), queryset=None, required=False)
    remind_days = forms.IntegerField(label=_("Reminder, days before expiry"), initial=60)
    document = forms.FileField(label=_("The agreement (PDF)"), required=False)

    def __init__(self, *args: Any, organisations: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parties"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["responsible"].queryset = people  # type: ignore[attr-defined]


class ActivityForm(AccessibleErrorsMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ActivityKind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    held_on = forms.DateField(label=_("Date"), widget=DateInput)
    starts_at = forms.TimeField(label=_("Starts at"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    organisations = forms.ModelMultipleChoiceField(label=_("Organisations"), queryset=None, required=False,
                                                   widget=forms.CheckboxSelectMultiple)
    languages = forms.CharField(label=_("Languages"), max_length=200, required=False)
    interpreter = forms.BooleanField(label=_("With an interpreter"), required=False)
    topics = forms.CharField(label=_("Topics"), widget=forms.Textarea(attrs={"rows": 2}), required=False,
                             max_length=5000)
    participants = forms.IntegerField(label=_("Participants (a count)"), required=False,
                                      help_text=_("A number, never names: up to %(max)d.") % {"max": MAX_PARTICIPANTS})
    women = forms.IntegerField(label=_("Of whom women"), required=False)
    men = forms.IntegerField(label=_("Of whom men"), required=False)
    materials = forms.MultipleChoiceField(label=_("Information pages used"), required=False,
                                          widget=forms.CheckboxSelectMultiple)
    material_languages = forms.CharField(label=_("In the languages"), max_length=100, required=False,
                                         help_text=_("For example: ar, so."))
    follow_up = forms.CharField(label=_("Follow-up"), widget=forms.Textarea(attrs={"rows": 2}), required=False,
                                max_length=5000)
    plan_line = forms.ModelChoiceField(label=_("Line of the plan"), queryset=None, required=False)

    def __init__(self, *args: Any, organisations: Any, lines: Any, pages: list[tuple[str, str]],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["plan_line"].queryset = lines  # type: ignore[attr-defined]
        self.fields["materials"].choices = pages  # type: ignore[attr-defined]

    def materials_used(self) -> list[dict[str, Any]]:
        languages = [code.strip() for code in self.cleaned_data.get("material_languages", "").split(",")
                     if code.strip()]
        return [{"page": slug, "languages": languages} for slug in self.cleaned_data.get("materials", [])]


class ConsultationForm(AccessibleErrorsMixin, forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=DateInput)
    colleague_kind = forms.ChoiceField(label=_("The colleague's service"), choices=ColleagueKind.choices)
    colleague_unit = forms.CharField(label=_("The colleague's unit"), max_length=200, required=False)
    topic = forms.CharField(label=_("Topic of the question"), max_length=300, required=False,
                            help_text=_("The question, never the resident's name or other details."))
    minutes = forms.IntegerField(label=_("Time spent (minutes)"), required=False)
    led_to_referral = forms.BooleanField(label=_("Led to a referral"), required=False)
    plan_line = forms.ModelChoiceField(label=_("Line of the plan"), queryset=None, required=False)

    def __init__(self, *args: Any, lines: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["plan_line"].queryset = lines  # type: ignore[attr-defined]



class ProjectForm(AccessibleErrorsMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    funder = forms.CharField(label=_("Funder"), max_length=200, required=False)
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput, required=False)
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=ProjectStatus.choices)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                                  max_length=5000)
    lines = forms.ModelMultipleChoiceField(label=_("Lines of the plan"), queryset=None, required=False,
                                           widget=forms.CheckboxSelectMultiple)
    partners = forms.ModelMultipleChoiceField(label=_("Partners"), queryset=None, required=False,
                                              widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, lines: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lines"].queryset = lines  # type: ignore[attr-defined]
        self.fields["partners"].queryset = organisations  # type: ignore[attr-defined]


class BudgetForm(AccessibleErrorsMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"))
    cost_type = forms.ChoiceField(label=_("Cost type"), choices=CostType.choices)
    amount_sek = forms.IntegerField(label=_("Budget (SEK)"), required=False)


class SpendForm(AccessibleErrorsMixin, forms.Form):
    spent_on = forms.DateField(label=_("Date"), widget=DateInput, required=False)
    cost_type = forms.ChoiceField(label=_("Cost type"), choices=CostType.choices)
    amount_sek = forms.IntegerField(label=_("Amount (SEK)"), required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class IndicatorForm(AccessibleErrorsMixin, forms.Form):
    name = forms.CharField(label=_("Indicator"), max_length=300)
    measure = forms.CharField(label=_("Unit of measure"), max_length=60, required=False)
    baseline = forms.IntegerField(label=_("Baseline"), initial=0)
    target = forms.IntegerField(label=_("Target"), required=False)
    actuals = forms.CharField(label=_("Actual values"), required=False, max_length=500,
                              help_text=_("One a year: 2026: 12, 2027: 20"))

    def clean_actuals(self) -> dict[str, int]:
        values: dict[str, int] = {}
        for part in filter(None, (p.strip() for p in self.cleaned_data.get("actuals", "").split(","))):
            year, _sep, value = part.partition(":")
            if not year.strip().isdigit() or not value.strip().lstrip("-").isdigit():
                raise forms.ValidationError(_("Write year: value, separated by commas, for example 2026: 12."))
            values[year.strip()] = int(value)
        return values


class ApplicationForm(AccessibleErrorsMixin, forms.Form):
    funder = forms.CharField(label=_("Funder"), max_length=200)
    call = forms.CharField(label=_("Call"), max_length=300, required=False)
    title = forms.CharField(label=_("Title"), max_length=300)
    deadline = forms.DateField(label=_("Deadline"), widget=DateInput, required=False)
    requested_sek = forms.IntegerField(label=_("Requested (SEK)"), required=False)


class DecisionForm(AccessibleErrorsMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("The funder's decision"), widget=forms.RadioSelect,
                                choices=[("granted", _("Granted")), ("refused", _("Refused"))])
    decided_on = forms.DateField(label=_("Decided on"), widget=DateInput, required=False)
    granted_sek = forms.IntegerField(label=_("Granted (SEK)"), required=False)
    conditions = forms.CharField(label=_("Conditions"), widget=forms.Textarea(attrs={"rows": 2}), required=False,
                                 max_length=5000)
    starts_on = forms.DateField(label=_("The project starts on"), widget=DateInput, required=False)
    ends_on = forms.DateField(label=_("The project ends on"), widget=DateInput, required=False)


class PlanForm(AccessibleErrorsMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    first_year = forms.IntegerField(label=_("First year"), min_value=2000, max_value=2100)
    last_year = forms.IntegerField(label=_("Last year"), min_value=2000, max_value=2100)
    lines = forms.CharField(label=_("Lines of work"), widget=forms.Textarea(attrs={"rows": 8}), max_length=20000,
                            help_text=_("One line of work a line, in order; they are numbered from 1."))

    def plan_lines(self) -> list[dict[str, str]]:
        return [{"title": line.strip()} for line in self.cleaned_data["lines"].splitlines() if line.strip()]
