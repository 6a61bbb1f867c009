"""Forms for the case pages. Validation the database can't do lives in the actions; forms shape input."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from hemvag.cases.eligibility import FACTS_VERSION_LENGTH, MEMBER_FACTS
from hemvag.cases.flows import Transition
from hemvag.cases.models import (
    ERASURE_REQUEST_MAX,
    REOPEN_REASON_MAX,
    Consent,
    ConsentMethod,
    ContactForm,
    CounsellingNote,
    DecisionOutcome,
    DecisionRecord,
    FollowUp,
    LegalHold,
    Programme,
    Recipient,
    Referral,
    ReferralState,
    RefusalReasonCode,
    ReintegrationPlanStep,
    Stage,
    StepStatus,
    TaskKind,
)
from hemvag.core.codes import GROUND_LABELS
from hemvag.core.countries import countries_sorted
from hemvag.core.forms import AccessibleErrorsMixin, DateInput
from hemvag.core.validation import limit
from hemvag.people.forms import PersonForm
from hemvag.rules.facts import ASYLUM_OUTCOMES, GROUNDS


def _countries() -> list[tuple[str, str]]:
    """Every country by its name in the reader's language, with its code: 'Etiopien (ET)'."""
    return [(code, f"{name} ({code})") for code, name in countries_sorted(get_language() or "sv")]


def country_choices() -> list[tuple[str, str]]:
    return [("", _("Not known yet")), *_countries()]


def country_filter_choices() -> list[tuple[str, str]]:
    return [("", _("All countries")), *_countries()]


class CountrySelect(forms.Select):
    """The select of some 250 countries, rendered once per language, choice list, name, value and attributes and
    then kept: rendering its options through the template engine on every request was most of the case list's
    time. `kind` names the choice list (the filter's "All countries" or the case's "Not known yet")."""

    KEPT = 256
    _rendered: dict[tuple[Any, ...], str] = {}

    def __init__(self, *, kind: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.kind = kind

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> Any:
        shown = self.format_value(value)
        key = (self.kind, get_language(), name, tuple(shown),
               tuple(sorted((k, str(v)) for k, v in self.build_attrs(self.attrs, attrs).items())))
        html = self._rendered.get(key)
        if html is None:
            html = super().render(name, value, attrs, renderer)
            if len(self._rendered) >= self.KEPT:
                self._rendered.clear()
            self._rendered[key] = html
        return html


class CaseFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100,
                        help_text=_("Name, reference or identity number."))
    stage = forms.ChoiceField(label=_("Stage"), required=False, choices=[("", _("All stages")), *Stage.choices])
    counsellor = forms.TypedChoiceField(label=_("Counsellor"), required=False, coerce=int, empty_value=None)
    country = forms.ChoiceField(label=_("Destination country"), required=False, choices=country_filter_choices,
                                widget=CountrySelect(kind="filter"))
    programme = forms.ChoiceField(label=_("Programme"), required=False,
                                  choices=[("", _("All programmes")), *Programme.choices])
    open_only = forms.BooleanField(label=_("Open cases only"), required=False)
    overdue = forms.BooleanField(label=_("With overdue tasks"), required=False)

    def __init__(self, *args: Any, counsellors: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["counsellor"].choices = [("", _("Everyone"))] + [
            (user.pk, user.get_full_name() or user.username) for user in counsellors
        ]


class NewCaseForm(PersonForm):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None, empty_label=None)
    destination_country = forms.ChoiceField(label=_("Destination country"), required=False, choices=country_choices,
                                            widget=CountrySelect(kind="case"))
    programme = forms.ChoiceField(label=_("Programme"), choices=Programme.choices, initial=Programme.UNDECIDED)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.order_fields(["unit"])
        self.only_unit = units[0] if len(units) == 1 else None
        if self.only_unit is not None:  # the usual case: no choice to make
            self.fields["unit"].widget = forms.HiddenInput()
            self.fields["unit"].required = False

    def clean_unit(self) -> Any:
        return self.cleaned_data.get("unit") or self.only_unit


class CaseDetailsForm(forms.Form):
    assigned_counsellor = forms.TypedChoiceField(label=_("Counsellor"), coerce=int)
    programme = forms.ChoiceField(label=_("Programme"), choices=Programme.choices)
    destination_country = forms.ChoiceField(label=_("Destination country"), required=False, choices=country_choices,
                                            widget=CountrySelect(kind="case"))

    def __init__(self, *args: Any, counsellors: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assigned_counsellor"].choices = [
            (user.pk, user.get_full_name() or user.username) for user in counsellors
        ]


TRANSITION_FIELDS: dict[str, forms.Field] = {
    "submitted_on": forms.DateField(label=_("Submitted on"), widget=DateInput),
    "migration_agency_case_number": forms.CharField(label=_("Migrationsverket's case number"), max_length=40),
    "decision": forms.ChoiceField(label=_("Decision"), choices=DecisionOutcome.choices),
    "decided_on": forms.DateField(label=_("Decided on"), widget=DateInput),
    "decided_amount_sek": forms.IntegerField(label=_("Amount granted (SEK)"), min_value=0, required=False),
    "decision_reasons": forms.CharField(label=_("Reasons given"), required=False,
                                        widget=forms.Textarea(attrs={"rows": 2})),
    "refusal_reasons": forms.MultipleChoiceField(
        label=_("Reasons for a refusal"), required=False, choices=RefusalReasonCode.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For a refusal: tick every reason Migrationsverket gives. They are counted in the statistics."),
    ),
    "planned_departure_on": forms.DateField(label=_("Planned departure"), widget=DateInput),
    "departed_on": forms.DateField(label=_("Departed on"), widget=DateInput),
}


class TransitionForm(forms.Form):
    """The fields one step must record, plus an optional note for the timeline."""

    note = forms.CharField(label=_("Note for the timeline"), required=False, max_length=200)

    def __init__(self, *args: Any, transition: Transition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.transition = transition
        for name in (*transition.required, *transition.optional):
            self.fields[name] = TRANSITION_FIELDS[name]
        self.order_fields([*transition.required, *transition.optional, "note"])


class NoteForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=DateInput, initial=timezone.localdate)
    form = forms.ChoiceField(label=_("Form"), choices=ContactForm.choices)
    interpreter_used = forms.BooleanField(label=_("Interpreter used"), required=False)
    language = forms.CharField(label=_("Language"), required=False, max_length=60)
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 4}),
                           max_length=limit(CounsellingNote, "text"))


class DecisionBasisForm(forms.Form):
    information_given = forms.CharField(
        label=_("Information given"), widget=forms.Textarea(attrs={"rows": 3}),
        max_length=limit(DecisionRecord, "information_given"),
        help_text=_("What the person was told: the grants and their conditions, what happens to the permit, "
                    "and that the choice is theirs."),
    )
    language = forms.CharField(label=_("Language"), max_length=60)
    interpreter_used = forms.BooleanField(label=_("Interpreter used"), required=False)
    knows_can_change_mind = forms.BooleanField(
        label=_("The person knows they can change their mind at any time"), required=False)
    recorded_on = forms.DateField(label=_("Date"), widget=DateInput, initial=timezone.localdate)


class ConsentForm(forms.Form):
    person = forms.TypedChoiceField(label=_("Given by"), coerce=int)
    recipient = forms.ChoiceField(label=_("Recipient"), choices=Recipient.choices)
    recipient_name = forms.CharField(label=_("Recipient's name"), required=False, max_length=160,
                                     help_text=_("Needed for a partner organisation or another municipality."))
    scope = forms.CharField(label=_("What may be shared"), widget=forms.Textarea(attrs={"rows": 2}),
                            max_length=limit(Consent, "scope"))
    given_on = forms.DateField(label=_("Given on"), widget=DateInput, initial=timezone.localdate)
    method = forms.ChoiceField(label=_("How it was given"), choices=ConsentMethod.choices)
    document = forms.TypedChoiceField(label=_("Signed document"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, documents: Any = (), people: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [(view.id, view.name) for _member, view in people]
        self.fields["document"].choices = [("", _("None"))] + [
            (document.pk, document.description) for document in documents
        ]


class WithdrawConsentForm(forms.Form):
    withdrawn_on = forms.DateField(label=_("Withdrawn on"), widget=DateInput, initial=timezone.localdate)


class ReferralForm(forms.Form):
    recipient = forms.ChoiceField(label=_("Recipient"), choices=Recipient.choices)
    recipient_name = forms.CharField(label=_("Recipient's name"), required=False, max_length=160)
    purpose = forms.CharField(label=_("Purpose"), widget=forms.Textarea(attrs={"rows": 2}),
                              max_length=limit(Referral, "purpose"))
    sent_on = forms.DateField(label=_("Sent on"), widget=DateInput, initial=timezone.localdate)
    override_reason = forms.CharField(
        label=_("Reason for sending without consent (managers only)"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}), max_length=2000,
    )


class ReferralStateForm(forms.Form):
    state = forms.ChoiceField(label=_("New state"), choices=ReferralState.choices)


class TaskForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=TaskKind.choices)
    title = forms.CharField(label=_("What to do"), max_length=200)
    due_on = forms.DateField(label=_("Due date"), widget=DateInput)
    owner = forms.TypedChoiceField(label=_("Owner"), coerce=int)

    def __init__(self, *args: Any, counsellors: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [(user.pk, user.get_full_name() or user.username) for user in counsellors]


class DocumentForm(forms.Form):
    file = forms.FileField(label=_("File"), help_text=_("PDF, JPEG or PNG, at most 10 MB."))
    description = forms.CharField(label=_("Description"), max_length=200)


class PaymentForm(forms.Form):
    instalment = forms.IntegerField(label=_("Instalment"), min_value=1, max_value=12)
    amount_sek = forms.IntegerField(label=_("Amount (SEK)"), min_value=1)
    decided_on = forms.DateField(label=_("Decided on"), widget=DateInput)
    received_on = forms.DateField(label=_("Received on"), widget=DateInput, required=False)
    note = forms.CharField(label=_("Note"), required=False, max_length=200)


class PaymentReceivedForm(forms.Form):
    received_on = forms.DateField(label=_("Received on"), widget=DateInput, initial=timezone.localdate)


class RepaymentForm(forms.Form):
    flagged = forms.BooleanField(label=_("The person has come back to Sweden (repayment may apply)"), required=False)
    note = forms.CharField(label=_("Note"), required=False, max_length=200)


class PlanStepForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=StepStatus.choices)
    partner = forms.CharField(label=_("Partner"), required=False, max_length=160)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                            max_length=limit(ReintegrationPlanStep, "notes"))


class FollowUpForm(forms.Form):
    done_on = forms.DateField(label=_("Contacted on"), widget=DateInput, initial=timezone.localdate)
    form = forms.ChoiceField(label=_("Form"), choices=ContactForm.choices)
    outcome = forms.CharField(label=_("Outcome"), widget=forms.Textarea(attrs={"rows": 2}),
                              max_length=limit(FollowUp, "outcome"))


# --- eligibility facts: one block for the household, one per member; every answer may be "not known" ---

TRI_STATE = [("", _("Not known")), ("true", _("Yes")), ("false", _("No"))]
OUTCOME_LABELS = {"refused": _("Refused"), "withdrawn": _("Withdrawn"), "pending": _("Pending"), "none": _("None")}
MEMBER_FACT_LABELS = {
    "swedish_citizen": _("Swedish citizen"), "registered_in_sweden": _("Registered in Sweden (folkbokförd)"),
    "special_reasons_accepted": _("Special reasons accepted (partner or other relative)"),
    "debts_to_authorities": _("Unpaid debts to Kronofogden or CSN (a payment plan does not count as paid)"),
    "can_pay_journey": _("Can pay the journey from own income or assets"),
    "has_valid_national_passport": _("Has a valid national passport"),
    "received_grant_before": _("Has received the grant before"),
}


def _tri(label: Any) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(label=label, choices=TRI_STATE, required=False,
                                  coerce=lambda value: value == "true", empty_value=None)


def _tri_initial(value: Any) -> str:
    return "" if value is None else "true" if value else "false"


class FactsForm(forms.Form):
    """The facts only the counsellor knows. Who is in the household and birth dates come from the people records."""

    application_date = forms.DateField(label=_("Application date"), required=False, widget=DateInput,
                                       help_text=_("Empty: today. The date decides which rules apply."))
    settles_permanently = _tri(_("Will settle permanently"))
    in_sweden = _tri(_("The applicant and the family are in Sweden"))

    # The version of the stored facts the form was filled from (eligibility.facts_version): saving over facts
    # someone else saved in between is refused, not done silently.
    version = forms.CharField(widget=forms.HiddenInput, required=False, max_length=FACTS_VERSION_LENGTH)

    def __init__(self, *args: Any, facts: dict[str, Any], member_names: dict[str, str], version: str,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("version", version)
        self.member_blocks: list[tuple[str, list[str]]] = []
        self.initial.setdefault("application_date", facts.get("application_date"))
        self.initial.setdefault("settles_permanently", _tri_initial(facts.get("settles_permanently")))
        self.initial.setdefault("in_sweden", _tri_initial(facts.get("in_sweden")))
        for member in facts.get("members", []):
            prefix = member["id"]
            names: list[str] = []
            for fact in MEMBER_FACTS:
                self._add(names, f"{prefix}__{fact}", _tri(MEMBER_FACT_LABELS[fact]), _tri_initial(member.get(fact)))
            permit, asylum = member.get("permit") or {}, member.get("asylum") or {}
            ground_choices = [("", _("Not known")), *((g, GROUND_LABELS[g]) for g in GROUNDS)]
            self._add(names, f"{prefix}__permit_ground", forms.ChoiceField(
                label=_("Permit ground"), choices=ground_choices, required=False), permit.get("ground") or "")
            self._add(names, f"{prefix}__permit_granted_on", forms.DateField(
                label=_("Permit granted on"), required=False, widget=DateInput), permit.get("granted_on"))
            self._add(names, f"{prefix}__permit_permanent", _tri(_("Permanent permit")),
                      _tri_initial(permit.get("permanent")))
            self._add(names, f"{prefix}__permit_valid", _tri(_("Permit valid")), _tri_initial(permit.get("valid")))
            outcome_choices = [("", _("Not known")), *((o, OUTCOME_LABELS[o]) for o in ASYLUM_OUTCOMES)]
            self._add(names, f"{prefix}__asylum_outcome", forms.ChoiceField(
                label=_("Asylum application"), choices=outcome_choices, required=False), asylum.get("outcome") or "")
            self._add(names, f"{prefix}__asylum_decided_on", forms.DateField(
                label=_("Asylum decided on"), required=False, widget=DateInput), asylum.get("decided_on"))
            self._add(names, f"{prefix}__asylum_admission_likely", _tri(_("Likely to be admitted to the country")),
                      _tri_initial(asylum.get("admission_likely")))
            self._add(names, f"{prefix}__asylum_late_application_accepted",
                      _tri(_("Migrationsverket accepts the reasons for applying more than two months after the "
                             "refusal")), _tri_initial(asylum.get("late_application_accepted")))
            self.member_blocks.append((member_names.get(prefix, prefix), names))

    def _add(self, names: list[str], name: str, field: forms.Field, initial: Any) -> None:
        self.fields[name] = field
        self.initial.setdefault(name, initial)
        names.append(name)

    def member_fields(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(title, [self[name] for name in names]) for title, names in self.member_blocks]

    def to_facts(self, member_ids: list[str]) -> dict[str, Any]:
        data = self.cleaned_data

        def iso(value: dt.date | None) -> str | None:
            return value.isoformat() if value else None

        members = []
        for prefix in member_ids:

            def get(name: str, prefix: str = prefix) -> Any:
                return data.get(f"{prefix}__{name}")

            member = {"id": prefix, **{fact: get(fact) for fact in MEMBER_FACTS}}
            member["permit"] = {"ground": get("permit_ground") or None, "granted_on": iso(get("permit_granted_on")),
                                "permanent": get("permit_permanent"), "valid": get("permit_valid")}
            member["asylum"] = {"outcome": get("asylum_outcome") or None, "decided_on": iso(get("asylum_decided_on")),
                                "admission_likely": get("asylum_admission_likely"),
                                "late_application_accepted": get("asylum_late_application_accepted")}
            members.append(member)
        return {"application_date": iso(data.get("application_date")),
                "settles_permanently": data.get("settles_permanently"), "in_sweden": data.get("in_sweden"),
                "members": members}



class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Why is the case reopened?"), widget=forms.Textarea(attrs={"rows": 2}),
                             max_length=REOPEN_REASON_MAX)


class LegalHoldForm(forms.Form):
    reason = forms.CharField(label=_("Why must the case be kept?"), widget=forms.Textarea(attrs={"rows": 2}),
                             max_length=limit(LegalHold, "reason"),
                             help_text=_("For example: a request for the documents, a complaint, a court matter."))


class LiftLegalHoldForm(forms.Form):
    reason = forms.CharField(label=_("Why is the hold lifted?"), widget=forms.Textarea(attrs={"rows": 2}),
                             max_length=limit(LegalHold, "lift_reason"))


class ErasureForm(forms.Form):
    reason = forms.CharField(label=_("The request"), widget=forms.Textarea(attrs={"rows": 2}),
                             max_length=ERASURE_REQUEST_MAX,
                             help_text=_("When and how the person asked to have their data erased."))


# --- a colleague in another part of the city refers a resident to the unit (hänvisning, /refer/) ---

REFERRAL_CONSENT_METHODS = (
    ("in_person", _("Orally, in a meeting")),
    ("phone", _("Orally, by phone")),
    ("in_writing", _("In writing")),
)
DOCUMENTED_BY = _("documented by")
REFERRAL_CONSENT = _(
    "The resident has agreed that the city's voluntary-return unit receives these details and contacts them."
)


class StaffReferralForm(AccessibleErrorsMixin, forms.Form):
    """A colleague refers a resident, with the resident's documented consent. Every field is size-limited."""

    unit = forms.ModelChoiceField(
        label=_("Voluntary-return unit"), queryset=None, empty_label=None, widget=forms.RadioSelect,
        error_messages={"required": _("Choose the unit."), "invalid_choice": _("Choose the unit.")},
    )
    name = forms.CharField(label=_("The resident's name or alias"), max_length=100,
                           error_messages={"required": _("Write a name or an alias.")})
    contact = forms.CharField(
        label=_("How the resident can be reached"), max_length=200,
        help_text=_("Phone number or e-mail address, and when it suits them."),
        error_messages={"required": _("Write how the counsellor can reach the resident.")},
    )
    language = forms.CharField(label=_("Language the resident wants to speak"), max_length=50,
                               error_messages={"required": _("Write a language.")})
    interpreter_needed = forms.BooleanField(label=_("The resident needs an interpreter"), required=False)
    message = forms.CharField(
        label=_("Message to the counsellor"), max_length=1000, required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only what the resident agreed to share. No health details."),
    )
    consent_given = forms.BooleanField(
        label=REFERRAL_CONSENT,
        error_messages={"required": _("You can only refer a resident who has consented.")},
    )
    consent_method = forms.ChoiceField(
        label=_("How was consent given?"), choices=REFERRAL_CONSENT_METHODS, widget=forms.RadioSelect,
        error_messages={"required": _("Choose how consent was given."),
                        "invalid_choice": _("Choose how consent was given.")},
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = units
        field.label_from_instance = lambda unit: f"{unit.name}, {unit.municipality.name}"  # type: ignore[method-assign]
        if units.count() == 1:
            field.initial = units.first().pk

    def consent_text(self, actor_label: str) -> str:
        """What is stored with the case: the statement the staff member confirmed, how, and who documented it."""
        method = dict(REFERRAL_CONSENT_METHODS)[self.cleaned_data["consent_method"]]
        return f"{REFERRAL_CONSENT} ({method}; {DOCUMENTED_BY} {actor_label})"


class RegisterImportForm(AccessibleErrorsMixin, forms.Form):
    """An earlier register to check, then import, into a unit the user administers."""

    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None, empty_label=None,
                                  error_messages={"required": _("Choose the unit."),
                                                  "invalid_choice": _("Choose the unit.")})
    file = forms.FileField(label=_("Register file (CSV, UTF-8, one row per person)"),
                           error_messages={"required": _("Choose the file.")})

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > settings.UPLOAD_MAX_BYTES:
            raise forms.ValidationError(_(
                "The file is larger than %(size)d MB. Import a register this large on the server with "
                "hemvag cases import.") % {"size": settings.UPLOAD_MAX_BYTES // (1024 * 1024)})
        return upload
