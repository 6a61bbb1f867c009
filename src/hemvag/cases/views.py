"""Case pages. Thin: parse a form, call an action or a query, render. Every POST goes through an action."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from hemvag.cases import actions, documents, forms, queries
from hemvag.cases.eligibility import FactsChanged, facts_for, facts_version
from hemvag.cases.flows import (
    FINAL_STAGES,
    OPEN_REFERRAL_STATES,
    IllegalTransition,
    transition_for,
    transitions_from,
)
from hemvag.cases.models import (
    Case,
    Consent,
    Document,
    FollowUp,
    LegalHold,
    Payment,
    Referral,
    ReintegrationPlanStep,
    Task,
)
from hemvag.cases.register import read_register
from hemvag.core import csvfiles
from hemvag.core.permissions import has_permission, requires, units_where
from hemvag.core.queries import units_for
from hemvag.people import forms as people_forms
from hemvag.people.actions import do_grant_identity_access
from hemvag.people.queries import person_view
from hemvag.rules.validation import FactsError

PAGE_SIZE = 25
PERSON_FIELDS = tuple(people_forms.PersonForm.base_fields)  # what a person record holds, as the form asks it


def _counsellors(request: HttpRequest, case: Case | None = None) -> Any:
    unit_ids = [case.unit_id] if case else units_where(request.user, "cases.view_case")
    return queries.counsellors_of(unit_ids)


def _case_filter(request: HttpRequest) -> tuple[forms.CaseFilterForm, queries.CaseFilter]:
    form = forms.CaseFilterForm(request.GET or None, counsellors=_counsellors(request))
    data = form.cleaned_data if form.is_valid() else {}
    return form, queries.CaseFilter(
        stage=data.get("stage", ""), counsellor=data.get("counsellor"), country=data.get("country", ""),
        programme=data.get("programme", ""), overdue=bool(data.get("overdue")),
        open_only=bool(data.get("open_only")), text=data.get("q", ""), sort=request.GET.get("sort", "-created_at"),
    )


class CappedPaginator(Paginator):
    """Counts no further than `cap` (queries.COUNT_CAP; a unit's whole register may be a million cases): the page
    then says "More than 1,000 cases" and pages on without a last page number."""

    def __init__(self, object_list: Any, per_page: int, *, cap: int = queries.COUNT_CAP) -> None:
        super().__init__(object_list, per_page)
        self.cap = cap

    @cached_property
    def _counted(self) -> int:
        return queries.capped_count(self.object_list, self.cap)

    @cached_property
    def count(self) -> int:  # type: ignore[override]
        return min(self._counted, self.cap)

    @property
    def capped(self) -> bool:
        return self._counted > self.cap

    def validate_number(self, number: Any) -> int:
        if str(number).strip() == "1":
            return 1  # the first page exists, whatever the count (counted only when needed, in page())
        return super().validate_number(number)

    def page(self, number: Any) -> Any:
        """The first page is read first: when it is not full, its length is the count (a search that finds
        a few cases sends no counting query)."""
        if number != 1:
            return super().page(number)
        rows = list(self.object_list[:self.per_page])
        if len(rows) < self.per_page:
            self.__dict__["_counted"] = len(rows)
        return self._get_page(rows, 1, self)


@requires("cases.view_case")
def case_list(request: HttpRequest) -> HttpResponse:
    form, case_filter = _case_filter(request)
    cap = queries.SEARCH_COUNT_CAP if case_filter.text.strip() else queries.COUNT_CAP
    page = CappedPaginator(queries.case_list(request.user, case_filter), PAGE_SIZE, cap=cap).get_page(
        request.GET.get("page"))
    cases = list(page)
    rows = list(zip(cases, queries.main_person_views(request.user, cases), strict=True))
    queries.log_listed(request.user, rows, searched=bool(case_filter.text))
    template = "cases/_case_table.html" if request.htmx else "cases/case_list.html"
    return render(request, template, {"form": form, "page": page, "rows": rows, "sort": case_filter.sort,
                                      "may_open_case": has_permission(request.user, "cases.work_case")})


@requires("cases.view_case")
def case_export(request: HttpRequest) -> HttpResponse:
    """The filtered list as CSV: protected identities masked as on screen, each case's export access-logged."""
    _form, case_filter = _case_filter(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="cases.csv"'
    writer = csvfiles.writer(response)
    writer.writerow(["reference", "main_person", "persons", "stage", "country", "programme", "counsellor",
                     "opened"])
    for case, person in queries.cases_for_export(request.user, case_filter):
        writer.writerow([case.reference, person.name if person else "", case.member_count, case.stage,
                         case.destination_country, case.programme,
                         case.assigned_counsellor.get_username() if case.assigned_counsellor else "",
                         case.created_at.date().isoformat()])
    return response


@requires("cases.work_case")
def case_new(request: HttpRequest) -> HttpResponse:
    form = forms.NewCaseForm(request.POST or None, units=units_for(request.user, "cases.work_case"))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = actions.do_register_and_open_case(
                actor=request.user, unit=data["unit"], programme=data["programme"],
                destination_country=data["destination_country"], **{f: data[f] for f in PERSON_FIELDS})
        except ValidationError as error:
            _attach(form, error)
        else:
            messages.success(request, _("Case %(reference)s opened.") % {"reference": case.reference})
            return redirect("cases:detail", pk=case.pk)
    return render(request, "cases/case_new.html", {"form": form})


def _attach(form: Any, error: ValidationError) -> None:
    """Put an action's refusal beside the field it concerns (or at the top of the form)."""
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            target = field if field in form.fields else None
            for message in field_errors:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


class Section:
    """One form of the case page: who may post it, how its form is built, and the action that saves it.

    The permission is checked before the form is even read, so a role that may not post a section learns
    nothing from its validation messages; the action checks it again, for every other caller.
    """

    permissions: tuple[str, ...] = ("cases.work_case",)  # any one of them
    anchor = ""
    item_model: type | None = None
    button: Any = ""  # the submit button's label
    multipart = False

    def may(self, user: Any, case: Case) -> bool:
        return any(has_permission(user, permission, case.unit_id) for permission in self.permissions)

    def accepts(self, item: Any) -> bool:
        """Whether an item's form is offered for this item (its action would take it); sections without items
        always."""
        return True

    def form(self, request: HttpRequest, case: Case, data: Any) -> Any:
        raise NotImplementedError

    def save(self, user: Any, case: Case, data: dict[str, Any], item: Any) -> Any:
        raise NotImplementedError


class DetailsSection(Section):
    anchor = "header"
    button = gettext_lazy("Save changes")

    def form(self, request: HttpRequest, case: Case, data: Any) -> Any:
        return forms.CaseDetailsForm(data, counsellors=_counsellors(request, case), initial={
            "assigned_counsellor": case.assigned_counsellor_id, "programme": case.programme,
            "destination_country": case.destination_country})

    def save(self, user: Any, case: Case, data: dict[str, Any], item: Any) -> Any:
        counsellor = queries.counsellor_of_case(case, data["assigned_counsellor"])
        return actions.do_update_case(actor=user, case=case, assigned_counsellor=counsellor,
                                      programme=data["programme"], destination_country=data["destination_country"])


class MemberSection(Section):
    anchor = "household"
    button = gettext_lazy("Add to the household")

    def form(self, request: HttpRequest, case: Case, data: Any) -> Any:
        return people_forms.MemberForm(data)

    def save(self, user: Any, case: Case, data: dict[str, Any], item: Any) -> Any:
        return actions.do_register_member(actor=user, case=case, relation=data["relation"],
                                          lives_with_main_person=data["lives_with_main_person"],
                                          **{f: data[f] for f in PERSON_FIELDS})


class NoteSection(Section):
    anchor = "notes"
    button = gettext_lazy("Save the note")

    def form(self, request: HttpRequest, case: Case, data: Any) -> Any:
        return forms.NoteForm(data)

    def save(self, user: Any, case: Case, data: dict[str, Any], item: Any) -> Any:
        return actions.do_add_note(actor=user, case=case, **data)


class DecisionBasisSection(Section):
    anchor = "notes"
    button = gettext_lazy("Record the decision")

    def form(self, request: HttpRequest, case: Case, data: Any) -> Any:
        return forms.DecisionBasisForm(data)

    def save(self, user: Any, case: Case, data: dict[str, Any], item: Any) -> Any:
        return actions.do_record_decision_basis(actor=user, case=case, **data)


class ConsentSection(Section):
    anchor = "consents"
    button = gettext_lazy("Record the consent")

    def form(self, request: HttpRequest, case: Case, data: Any) -> Any:
        return forms.ConsentForm(data, documents=queries.case_documents(case),
                                 people=queries.household_views(request.user, case))

    def save(self, user: Any, case: Case, data: dict[str, Any], item: Any) -> Any:
        fields = {k: v for k, v in data.items() if k not in {"person", "document"}}
        document = queries.case_item(case, Document, data["document"]) if data["document"] else None
        return actions.do_record_consent(actor=user, case=case, person=queries.case_person(case, data["person"]),
                                         document=document, **fields)


class WithdrawConsentSection(Section):
    anchor, item_model = "consents", Consent
    button = gettext_lazy("Record the withdrawal")

    def accepts(self, item: Any) -> bool:
        return not item.withdrawn_on

    def form(self, request: HttpRequest, case: Case, data: Any) -> Any:
        return forms.WithdrawConsentForm(data)

    def save(self, user: Any, case: Case, data: dict[str, Any], item: Any) -> Any:
        return actions.do_withdraw_consent(actor=user, consent=item, **data)


class ReferralSection(Section):
    # A manager may send one without a covering consent, with a written reason (the action decides which).
    permissions = ("cases.work_case", "cases.override_consent")
    anchor = "referrals"
    button = gettext_lazy("Send the referral")

    def form(self, request: HttpRequest, case: Case, data: Any) -> Any:
        return forms.ReferralForm(data)

    def save(self, user: Any, case: Case, data: dict[str, Any], item: Any) -> Any:
        return actions.do_send_referral(actor=user, case=case, **data)


class ReferralStateSection(Section):
    anchor, item_model = "referrals", Referral
    button = gettext_lazy("Save the state")

    def accepts(self, item: Any) -> bool:
        return item.state in OPEN_REFERRAL_STATES

    def form(self, request: HttpRequest, case: Case, data: Any) -> Any:
        return forms.ReferralStateForm(data)

    def save(self, user: Any, case: Case, data: dict[str, Any], item: Any) -> Any:
        return actions.do_set_referral_state(actor=user, referral=item, **data)


class TaskSection(Section):
    anchor = "tasks"
    button = gettext_lazy("Add the task")

    def form(self, request: HttpRequest, case: Case, data: Any) -> Any:
        return forms.TaskForm(data, counsellors=_counsellors(request, case))

    def save(self, user: Any, case: Case, data: dict[str, Any], item: Any) -> Any:
        owner = queries.counsellor_of_case(case, data["owner"])
        return actions.do_add_task(actor=user, case=case, kind=data["kind"], title=data["title"],
                                   due_on=data["due_on"], owner=owner)


class TaskDoneSection(Section):
    anchor, item_model = "tasks", Task

    def form(self, request: HttpRequest, case: Case, data: Any) -> Any:
        return None  # a button, no fields

    def save(self, user: Any, case: Case, data: dict[str, Any], item: Any) -> Any:
        return actions.do_complete_task(actor=user, task=item)


class DocumentSection(Section):
    anchor = "documents"
    button = gettext_lazy("Upload")
    multipart = True

    def form(self, request: HttpRequest, case: Case, data: Any) -> Any:
        return forms.DocumentForm(data, request.FILES or None)

    def save(self, user: Any, case: Case, data: dict[str, Any], item: Any) -> Any:
        return actions.do_upload_document(actor=user, case=case, name=data["file"].name,
                                          data=data["file"].read(documents.MAX_BYTES + 1),  # enough to refuse
                                          description=data["description"])


class PaymentSection(Section):
    anchor = "payments"
    button = gettext_lazy("Record the instalment")

    def form(self, request: HttpRequest, case: Case, data: Any) -> Any:
        return forms.PaymentForm(data)

    def save(self, user: Any, case: Case, data: dict[str, Any], item: Any) -> Any:
        return actions.do_record_payment(actor=user, case=case, **data)


class PaymentReceivedSection(Section):
    anchor, item_model = "payments", Payment
    button = gettext_lazy("Save")

    def accepts(self, item: Any) -> bool:
        return not item.received_on

    def form(self, request: HttpRequest, case: Case, data: Any) -> Any:
        return forms.PaymentReceivedForm(data)

    def save(self, user: Any, case: Case, data: dict[str, Any], item: Any) -> Any:
        return actions.do_mark_payment_received(actor=user, payment=item, **data)


class RepaymentSection(Section):
    anchor = "payments"
    button = gettext_lazy("Save")

    def form(self, request: HttpRequest, case: Case, data: Any) -> Any:
        return forms.RepaymentForm(data)

    def save(self, user: Any, case: Case, data: dict[str, Any], item: Any) -> Any:
        return actions.do_set_repayment_flag(actor=user, case=case, **data)


class PlanStepSection(Section):
    anchor, item_model = "plan", ReintegrationPlanStep
    button = gettext_lazy("Save")

    def form(self, request: HttpRequest, case: Case, data: Any) -> Any:
        return forms.PlanStepForm(data)

    def save(self, user: Any, case: Case, data: dict[str, Any], item: Any) -> Any:
        return actions.do_update_plan_step(actor=user, step=item, **data)


class FollowUpSection(Section):
    anchor, item_model = "follow-up", FollowUp
    button = gettext_lazy("Save")

    def accepts(self, item: Any) -> bool:
        return not item.done_on

    def form(self, request: HttpRequest, case: Case, data: Any) -> Any:
        return forms.FollowUpForm(data)

    def save(self, user: Any, case: Case, data: dict[str, Any], item: Any) -> Any:
        return actions.do_record_follow_up(actor=user, follow_up=item, **data)


class ReopenSection(Section):
    permissions = ("cases.reopen_case",)
    anchor = "header"
    button = gettext_lazy("Reopen")

    def form(self, request: HttpRequest, case: Case, data: Any) -> Any:
        return forms.ReopenForm(data)

    def save(self, user: Any, case: Case, data: dict[str, Any], item: Any) -> Any:
        return actions.do_reopen_case(actor=user, case=case, **data)


class IdentityAccessSection(Section):
    """A manager grants one counsellor access to one protected person of the household, with a reason."""

    permissions = ("people.grant_identity_access",)
    anchor = "household"
    button = gettext_lazy("Grant access")

    def form(self, request: HttpRequest, case: Case, data: Any) -> Any:
        return people_forms.IdentityAccessForm(data, persons=queries.protected_members(case),
                                               counsellors=_counsellors(request, case))

    def save(self, user: Any, case: Case, data: dict[str, Any], item: Any) -> Any:
        return do_grant_identity_access(actor=user, person=data["person"], user=data["user"], reason=data["reason"])


class LegalHoldSection(Section):
    """A manager keeps the case past its retention period (open or closed), with a reason."""

    permissions = ("cases.place_legal_hold",)
    anchor = "retention"
    button = gettext_lazy("Place the hold")

    def form(self, request: HttpRequest, case: Case, data: Any) -> Any:
        return forms.LegalHoldForm(data)

    def save(self, user: Any, case: Case, data: dict[str, Any], item: Any) -> Any:
        return actions.do_place_legal_hold(actor=user, case=case, **data)


class LiftLegalHoldSection(Section):
    permissions = ("cases.place_legal_hold",)
    anchor, item_model = "retention", LegalHold
    button = gettext_lazy("Lift the hold")

    def form(self, request: HttpRequest, case: Case, data: Any) -> Any:
        return forms.LiftLegalHoldForm(data)

    def save(self, user: Any, case: Case, data: dict[str, Any], item: Any) -> Any:
        return actions.do_lift_legal_hold(actor=user, hold=item, **data)


# Shown on closed cases too: a hold matters most once a case is closed and its retention period runs.
WHATEVER_THE_STAGE = frozenset({"legal_hold", "lift_legal_hold"})

SECTIONS: dict[str, Section] = {
    "details": DetailsSection(), "member": MemberSection(), "note": NoteSection(),
    "decision_basis": DecisionBasisSection(), "consent": ConsentSection(),
    "withdraw_consent": WithdrawConsentSection(), "referral": ReferralSection(),
    "referral_state": ReferralStateSection(), "task": TaskSection(), "task_done": TaskDoneSection(),
    "document": DocumentSection(), "payment": PaymentSection(), "payment_received": PaymentReceivedSection(),
    "repayment": RepaymentSection(), "plan_step": PlanStepSection(), "follow_up": FollowUpSection(),
    "reopen": ReopenSection(), "identity_access": IdentityAccessSection(),
    "legal_hold": LegalHoldSection(), "lift_legal_hold": LiftLegalHoldSection(),
}


def _facts_form(request: HttpRequest, case: Case, data: Any = None) -> forms.FactsForm:
    names = {f"p{view.id}": view.name for _member, view in queries.household_views(request.user, case)}
    return forms.FactsForm(data, facts=facts_for(case), member_names=names, version=facts_version(case))


@dataclass
class PageForm:
    """One form of the case page, behind its <details>. It is built and rendered only when it is open: refused
    and shown again with its messages (`bound`), or asked for with `?form=<key>`. A closed one holds a link to
    itself, which htmx follows when the details are opened (the page then builds one form instead of twenty),
    and which without JavaScript opens the page again with that form shown.
    """

    key: str  # also the prefix of its element ids, so every label points at its own field
    build: Callable[[], Any]
    action: str
    button: Any
    anchor: str
    url: str
    open: bool = False
    bound: Any = None
    multipart: bool = False
    template: str = "cases/_form.html"

    @cached_property
    def form(self) -> Any:
        form = self.bound or self.build()
        form.auto_id = f"{self.key}-%s"
        return form


@dataclass
class CaseForms:
    """What the case page offers this user: the forms (not yet built) and the items they belong to."""

    may_work: bool
    items: dict[str, list[Any]]  # each item with its `page_form`, or None where it is not offered
    sections: dict[str, PageForm]
    transitions: list[tuple[Any, PageForm | None]]  # None: a plain button, nothing to fill in but the note
    facts: PageForm | None
    by_key: dict[str, PageForm]


ITEM_FORMS = {"withdraw_consent": "consents", "referral_state": "referrals", "payment_received": "payments",
              "plan_step": "plan_steps", "follow_up": "follow_ups", "lift_legal_hold": "holds"}


def _offered(name: str, section: Section, user: Any, case: Case) -> bool:
    """The one rule for which of SECTIONS the page offers (an item's section: for its items that it accepts)."""
    is_open = case.stage not in FINAL_STAGES
    # A closed case is read-only for everyone: its forms are not shown until it is reopened.
    return (section.may(user, case)
            and (name in WHATEVER_THE_STAGE or (is_open if name != "reopen" else not is_open))
            and not (case.personal_data_removed_on and name in ("reopen", "legal_hold"))
            and (name != "identity_access" or bool(queries.protected_members(case))))


def _case_forms(request: HttpRequest, case: Case, bound: dict[str, Any], opened: str) -> CaseForms:
    """Every form the case page offers this user, by key; `bound` holds one that failed validation (shown open
    with its messages), `opened` the key of one asked for."""
    may_work = case.stage not in FINAL_STAGES and has_permission(request.user, "cases.work_case", case.unit)
    page_url = reverse("cases:detail", args=[case.pk])
    by_key: dict[str, PageForm] = {}

    def offer(key: str, build: Callable[[], Any], action: str, button: Any, anchor: str, **extra: Any) -> PageForm:
        by_key[key] = PageForm(key, build, action, button, anchor, url=f"{page_url}?form={key}",
                               open=key in bound or key == opened, bound=bound.get(key), **extra)
        return by_key[key]

    def build(spec: Section) -> Callable[[], Any]:
        return lambda: spec.form(request, case, None)

    items = {
        "consents": queries.case_consents(case),
        "referrals": queries.case_referrals(case),
        "payments": queries.case_payments(case),
        "plan_steps": queries.case_plan_steps(case),
        "follow_ups": queries.case_follow_ups(case),
        "holds": queries.active_legal_holds(case),
    }
    for name, key in ITEM_FORMS.items():
        spec = SECTIONS[name]
        offered = _offered(name, spec, request.user, case)
        for item in items[key]:
            item.page_form = offer(
                f"{name}-{item.pk}", build(spec), reverse("cases:item", args=[case.pk, name, item.pk]), spec.button,
                spec.anchor) if offered and spec.accepts(item) else None
    sections = {name: offer(name, build(spec), reverse("cases:section", args=[case.pk, name]), spec.button,
                            spec.anchor, multipart=spec.multipart)
                for name, spec in SECTIONS.items()
                if spec.item_model is None and _offered(name, spec, request.user, case)}
    transitions: list[tuple[Any, PageForm | None]] = []
    for transition in transitions_from(case) if may_work else []:
        key = f"to-{transition.target}"
        form = bound.get(key) or forms.TransitionForm(transition=transition)
        inline = len(form.fields) <= 1 and not form.errors  # nothing to fill in but the note
        transitions.append((transition, None if inline else offer(
            key, lambda form=form: form, reverse("cases:transition", args=[case.pk, transition.target]),
            transition.label, "header")))
    facts = offer("facts", lambda: _facts_form(request, case), reverse("cases:facts", args=[case.pk]), "",
                  "eligibility", template="cases/_facts_form.html") if may_work else None
    return CaseForms(may_work, items, sections, transitions, facts, by_key)


def _case_page(request: HttpRequest, case: Case, bound: dict[str, Any] | None = None, status: int = 200,
               opened: str = "") -> HttpResponse:
    """The case page; `bound` holds a form that failed validation, shown with its errors in place."""
    bound = bound or {}
    offered = _case_forms(request, case, bound, opened)
    context = {
        "case": case,
        "may_work": offered.may_work,
        "may_extract": has_permission(request.user, "cases.register_extract", case.unit),
        "identity_grants": queries.identity_grants(case) if "identity_access" in offered.sections else [],
        "people": queries.household_views(request.user, case),
        "transitions": offered.transitions,
        "timeline": queries.case_timeline(case, limit=200),
        "notes": queries.case_notes(case),
        "decision_records": queries.case_decision_records(case),
        "tasks": queries.case_tasks(case),
        "documents": queries.case_documents(case),
        "snapshot": queries.latest_snapshot(case),
        "facts": offered.facts,
        "facts_problems": bound.get("facts_problems", []),
        "forms": offered.sections,
        **offered.items,
    }
    return render(request, "cases/case_detail.html", context, status=status)


@requires("cases.view_case")
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The case page, or with `?form=<key>` from htmx only that form (a look at the case too, so logged)."""
    opened = request.GET.get("form", "")[:80]
    case = queries.case_for_reading(request.user, pk, reason=request.GET.get("reason", "")[:300])
    if opened and request.htmx:
        page_form = _case_forms(request, case, {}, opened).by_key.get(opened)
        if page_form is None:
            return HttpResponse(_("This form is not offered on this case."), status=404)
        return render(request, "cases/_page_form.html", {"page_form": page_form})
    return _case_page(request, case, opened=opened)


def _show_again(request: HttpRequest, pk: int, bound: dict[str, Any]) -> HttpResponse:
    """A refused form: the case page again, with the form and its messages in place (a look, so logged)."""
    case = queries.case_for_reading(request.user, pk, reason="form shown again")
    return _case_page(request, case, bound, status=422)


def _back_to(case: Case, anchor: str) -> HttpResponse:
    return redirect(f"{reverse('cases:detail', args=[case.pk])}#{anchor}")


@requires("cases.view_case")
@require_POST
def case_section(request: HttpRequest, pk: int, section: str, item_id: int | None = None) -> HttpResponse:
    """Save one form of the case page through its action; on a refusal show the page again with the message."""
    spec = SECTIONS.get(section)
    if spec is None:
        return HttpResponse(status=404)
    case = queries.case_for_work(request.user, pk, permission="cases.view_case")
    if not spec.may(request.user, case):
        raise PermissionDenied  # before the form is read: a refusal, never a validation message
    item = queries.case_item(case, spec.item_model, item_id) if spec.item_model and item_id else None
    form = spec.form(request, case, request.POST)
    key = f"{section}-{item_id}" if item_id else section  # its PageForm's key
    if form is not None and not form.is_valid():
        return _show_again(request, pk, {key: form})
    try:
        spec.save(request.user, case, form.cleaned_data if form is not None else {}, item)
    except ValidationError as error:
        if form is None:
            messages.error(request, " ".join(error.messages))
            return _back_to(case, spec.anchor)
        _attach(form, error)
        return _show_again(request, pk, {key: form})
    messages.success(request, _("Saved."))
    return _back_to(case, spec.anchor)


@requires("cases.work_case")
@require_POST
def case_transition(request: HttpRequest, pk: int, target: str) -> HttpResponse:
    case = queries.case_for_work(request.user, pk)
    try:
        transition = transition_for(case, target)
    except IllegalTransition as error:
        messages.error(request, str(error))
        return _back_to(case, "header")
    form = forms.TransitionForm(request.POST, transition=transition)
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "note" and v not in (None, "")}
        try:
            actions.do_transition(actor=request.user, case=case, target=target, note=form.cleaned_data["note"],
                                  **data)
        except (ValidationError, IllegalTransition) as error:
            _attach(form, error if isinstance(error, ValidationError) else ValidationError(str(error)))
        else:
            messages.success(request, _("The case is now in stage “%(stage)s”.") % {
                "stage": transition.target.label})
            return _back_to(case, "header")
    return _show_again(request, pk, {f"to-{target}": form})


@requires("cases.work_case")
@require_POST
def case_facts(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the eligibility facts and, with the run button, evaluate them and keep a snapshot."""
    case = queries.case_for_work(request.user, pk)
    form = _facts_form(request, case, request.POST)
    if not form.is_valid():
        return _show_again(request, pk, {"facts": form})
    member_ids = [f"p{view.id}" for _member, view in queries.household_views(request.user, case)]
    run = "run" in request.POST
    try:
        actions.do_update_facts(actor=request.user, case=case, facts=form.to_facts(member_ids), run=run,
                                read_version=form.cleaned_data["version"] or None)
    except FactsChanged as error:
        # The answers stay as typed, now over the current version: saving again is a choice, made knowingly.
        form = _facts_form(request, case, {**request.POST.dict(), "version": facts_version(case)})
        form.is_valid()
        form.add_error(None, f"{error} {_('Your answers are kept below: saving them again replaces what was saved.')}")
        return _show_again(request, pk, {"facts": form})
    except FactsError as error:
        return _show_again(request, pk, {"facts": form, "facts_problems": [str(p) for p in error.problems]})
    except ValidationError as error:
        _attach(form, error)
        return _show_again(request, pk, {"facts": form})
    messages.success(request, _("Eligibility checked.") if run else _("Facts saved."))
    return _back_to(case, "eligibility")


@requires("cases.view_case")
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    document = queries.document_for_download(request.user, pk)
    return FileResponse(document.file.open("rb"), content_type=document.content_type, as_attachment=True,
                        filename=documents.download_name(document.original_name, document.content_type))


# --- a colleague refers a resident (hänvisning) and follows only the status of their referrals ---


@requires("cases.refer_resident")
def staff_refer(request: HttpRequest) -> HttpResponse:
    form = forms.StaffReferralForm(request.POST or None, units=queries.referral_units(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        case = actions.do_create_inquiry(
            actor=request.user, unit=data["unit"], channel="staff_referral", name=data["name"],
            contact=data["contact"], language=data["language"], interpreter_needed=data["interpreter_needed"],
            message=data["message"], consent_text=form.consent_text(request.user.get_username()),
        )
        messages.success(request, _("The referral has been sent. Reference: %(reference)s") % {
            "reference": case.reference})
        return redirect("cases:my_referrals")
    return render(request, "cases/refer.html", {"form": form}, status=400 if form.errors else 200)


@requires("cases.view_referral_status")
def my_referrals(request: HttpRequest) -> HttpResponse:
    """Only the status of the colleague's own referrals: never the case's content."""
    return render(request, "cases/referrals.html", {"rows": queries.referrals_by(request.user)})


# --- importing an earlier register ---------------------------------------------------------------------------

def _kept_upload_name(unit_id: int, sha256: str) -> str:
    """Where a checked upload waits for its import: named by its content, so "Import" takes exactly that file."""
    return f"register-imports/{unit_id}-{sha256}.csv"


@requires("cases.import_register")
def register_import(request: HttpRequest) -> HttpResponse:
    """Check a register (a dry run that writes nothing), then import exactly the checked file."""
    units = units_for(request.user, "cases.import_register")
    if request.method == "POST" and request.POST.get("sha256"):
        return _import_checked(request, units)
    form = forms.RegisterImportForm(request.POST or None, request.FILES or None, units=units)
    context: dict[str, Any] = {"form": form}
    if request.method == "POST" and form.is_valid():
        unit, upload = form.cleaned_data["unit"], form.cleaned_data["file"]
        register = read_register(upload)
        context.update(register=register, unit=unit)
        if register.is_valid:
            context["summary"] = actions.do_import_register(actor=request.user, unit=unit, cases=register.cases,
                                                            sha256=register.sha256, dry_run=True)
            upload.seek(0)
            name = _kept_upload_name(unit.pk, register.sha256)
            if not default_storage.exists(name):
                default_storage.save(name, upload)
    status = 400 if form.errors or ("register" in context and not context["register"].is_valid) else 200
    return render(request, "cases/register_import.html", context, status=status)


def _import_checked(request: HttpRequest, units: Any) -> HttpResponse:
    unit = next((unit for unit in units if str(unit.pk) == request.POST.get("unit")), None)
    sha256 = request.POST.get("sha256", "")
    if unit is None:
        raise PermissionDenied
    name = _kept_upload_name(unit.pk, sha256) if len(sha256) == 64 and sha256.isalnum() else ""
    if not name or not default_storage.exists(name):
        messages.error(request, _("The checked file is no longer here. Choose it and check it again."))
        return redirect("cases:import")
    with default_storage.open(name, "rb") as stream:
        register = read_register(stream)
    if not register.is_valid or register.sha256 != sha256:
        messages.error(request, _("The checked file is no longer here. Choose it and check it again."))
        return redirect("cases:import")
    summary = actions.do_import_register(actor=request.user, unit=unit, cases=register.cases, sha256=sha256)
    default_storage.delete(name)
    messages.success(request, _(
        "Imported into %(unit)s: %(cases)d cases (%(existing)d were already there) and %(persons)d new persons.")
        % {"unit": unit.name, "cases": summary.cases_created, "existing": summary.cases_existing,
           "persons": summary.persons_created})
    return redirect("cases:import")


# --- a person's rights: register extract (GDPR art. 15), correction, erasure (art. 17) ---

EXTRACT_FORMATS = {"json": ("application/json", "json"), "pdf": ("application/pdf", "pdf")}


@requires("cases.register_extract")
def person_extract(request: HttpRequest, pk: int) -> HttpResponse:
    """The manager's page for one person's request: download the extract, see why erasure is refused or erase."""
    person = queries.person_for_rights(request.user, pk)
    fmt = request.GET.get("format", "")
    if fmt in EXTRACT_FORMATS:
        try:
            extract = actions.do_produce_register_extract(actor=request.user, person=person, fmt=fmt)
        except PermissionDenied as error:
            messages.error(request, str(error))
            return redirect("cases:person_extract", pk=person.pk)
        content_type, suffix = EXTRACT_FORMATS[fmt]
        body = extract.as_json() if fmt == "json" else extract.as_pdf()
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="registerutdrag-{person.pk}.{suffix}"'
        return response
    return _rights_page(request, person, forms.ErasureForm())


def _rights_page(request: HttpRequest, person: Any, form: Any, status: int = 200) -> HttpResponse:
    return render(request, "cases/person_rights.html", {
        "person": person_view(request.user, person), "person_id": person.pk,
        "cases": queries.cases_of_person(request.user, person), "refusals": queries.erasure_refusals(person),
        "form": form,
    }, status=status)


@requires("cases.erase_person")
@require_POST
def person_erase(request: HttpRequest, pk: int) -> HttpResponse:
    person = queries.person_for_rights(request.user, pk, permission="cases.erase_person")
    form = forms.ErasureForm(request.POST)
    if form.is_valid():
        try:
            actions.do_erase_person(actor=request.user, person=person, reason=form.cleaned_data["reason"])
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, error.messages if isinstance(error, ValidationError) else str(error))
        else:
            messages.success(request, _("The person's data has been erased. The erasure is in the audit log."))
            return redirect("cases:list")
    return _rights_page(request, person, form, status=422)
