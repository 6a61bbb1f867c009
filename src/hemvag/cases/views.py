"""Case pages. Thin: parse a form, call an action or a query, render. Every POST goes through an action."""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hemvag.cases import actions, forms, queries
from hemvag.cases.eligibility import facts_for
from hemvag.cases.flows import IllegalTransition, transition_for, transitions_from
from hemvag.cases.models import (
    Case,
    Consent,
    FollowUp,
    Payment,
    Referral,
    ReintegrationPlanStep,
    Task,
)
from hemvag.core.permissions import has_permission, requires, units_where
from hemvag.core.queries import units_for
from hemvag.people.actions import do_register_household_member
from hemvag.rules.validation import FactsError

PAGE_SIZE = 25
PERSON_FIELDS = ("first_name", "last_name", "identity_number", "birth_date", "protected_identity", "languages",
                 "interpreter_needed", "interpreter_language", "phone", "email", "address")


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


@requires("cases.view_case")
def case_list(request: HttpRequest) -> HttpResponse:
    form, case_filter = _case_filter(request)
    page = Paginator(queries.case_list(request.user, case_filter), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(case, queries.main_person_view(request.user, case)) for case in page]
    template = "cases/_case_table.html" if request.htmx else "cases/case_list.html"
    return render(request, template, {"form": form, "page": page, "rows": rows, "sort": case_filter.sort,
                                      "may_open_case": has_permission(request.user, "cases.work_case")})


@requires("cases.view_case")
def case_export(request: HttpRequest) -> HttpResponse:
    """The filtered list as CSV: protected identities masked as on screen, each case's export access-logged."""
    _form, case_filter = _case_filter(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="cases.csv"'
    writer = csv.writer(response)
    writer.writerow(["reference", "main_person", "persons", "stage", "country", "programme", "counsellor",
                     "opened"])
    for case in queries.cases_for_export(request.user, case_filter):
        person = queries.main_person_view(request.user, case)
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


@dataclass(frozen=True)
class Section:
    """A form on the case page: how to build it, and the action that saves it."""

    form: Callable[..., Any]
    save: Callable[[Any, Case, dict[str, Any], Any], Any]
    item_model: type | None = None
    anchor: str = ""
    done: str = ""


def _people(request: HttpRequest, case: Case) -> list[Any]:
    return queries.household_views(request.user, case)


SECTIONS: dict[str, Section] = {
    "details": Section(
        lambda r, c, d: forms.CaseDetailsForm(d, counsellors=_counsellors(r, c), initial={
            "assigned_counsellor": c.assigned_counsellor_id, "programme": c.programme,
            "destination_country": c.destination_country}),
        lambda user, case, data, item: actions.do_update_case(
            actor=user, case=case, assigned_counsellor=queries.counsellors_of([case.unit_id]).get(
                pk=data["assigned_counsellor"]),
            programme=data["programme"], destination_country=data["destination_country"]),
        anchor="header"),
    "member": Section(
        lambda r, c, d: forms.MemberForm(d),
        lambda user, case, data, item: do_register_household_member(
            actor=user, household=case.household, relation=data["relation"],
            lives_with_main_person=data["lives_with_main_person"], **{f: data[f] for f in PERSON_FIELDS}),
        anchor="household"),
    "note": Section(lambda r, c, d: forms.NoteForm(d),
                    lambda user, case, data, item: actions.do_add_note(actor=user, case=case, **data), anchor="notes"),
    "decision_basis": Section(
        lambda r, c, d: forms.DecisionBasisForm(d),
        lambda user, case, data, item: actions.do_record_decision_basis(actor=user, case=case, **data),
        anchor="notes"),
    "consent": Section(
        lambda r, c, d: forms.ConsentForm(d, case=c, people=_people(r, c)),
        lambda user, case, data, item: actions.do_record_consent(
            actor=user, case=case, person=queries.case_person(case, data["person"]),
            document=case.documents.filter(pk=data["document"]).first() if data["document"] else None,
            **{k: v for k, v in data.items() if k not in {"person", "document"}}),
        anchor="consents"),
    "withdraw_consent": Section(
        lambda r, c, d: forms.WithdrawConsentForm(d),
        lambda user, case, data, item: actions.do_withdraw_consent(actor=user, consent=item, **data),
        item_model=Consent, anchor="consents"),
    "referral": Section(lambda r, c, d: forms.ReferralForm(d),
                        lambda user, case, data, item: actions.do_send_referral(actor=user, case=case, **data),
                        anchor="referrals"),
    "referral_state": Section(
        lambda r, c, d: forms.ReferralStateForm(d),
        lambda user, case, data, item: actions.do_set_referral_state(actor=user, referral=item, **data),
        item_model=Referral, anchor="referrals"),
    "task": Section(lambda r, c, d: forms.TaskForm(d, counsellors=_counsellors(r, c)),
                    lambda user, case, data, item: actions.do_add_task(
                        actor=user, case=case, kind=data["kind"], title=data["title"], due_on=data["due_on"],
                        owner=queries.counsellors_of([case.unit_id]).get(pk=data["owner"])),
                    anchor="tasks"),
    "task_done": Section(lambda r, c, d: None,
                         lambda user, case, data, item: actions.do_complete_task(actor=user, task=item),
                         item_model=Task, anchor="tasks"),
    "document": Section(
        lambda r, c, d: forms.DocumentForm(d, r.FILES or None),
        lambda user, case, data, item: actions.do_upload_document(
            actor=user, case=case, name=data["file"].name, data=data["file"].read(),
            description=data["description"]),
        anchor="documents"),
    "payment": Section(lambda r, c, d: forms.PaymentForm(d),
                       lambda user, case, data, item: actions.do_record_payment(actor=user, case=case, **data),
                       anchor="payments"),
    "payment_received": Section(
        lambda r, c, d: forms.PaymentReceivedForm(d),
        lambda user, case, data, item: actions.do_mark_payment_received(actor=user, payment=item, **data),
        item_model=Payment, anchor="payments"),
    "repayment": Section(lambda r, c, d: forms.RepaymentForm(d),
                         lambda user, case, data, item: actions.do_set_repayment_flag(actor=user, case=case, **data),
                         anchor="payments"),
    "plan_step": Section(lambda r, c, d: forms.PlanStepForm(d),
                         lambda user, case, data, item: actions.do_update_plan_step(actor=user, step=item, **data),
                         item_model=ReintegrationPlanStep, anchor="plan"),
    "follow_up": Section(lambda r, c, d: forms.FollowUpForm(d),
                         lambda user, case, data, item: actions.do_record_follow_up(actor=user, follow_up=item,
                                                                                     **data),
                         item_model=FollowUp, anchor="follow-up"),
}


def _facts_form(request: HttpRequest, case: Case, data: Any = None) -> forms.FactsForm:
    names = {f"p{view.id}": view.name for _member, view in queries.household_views(request.user, case)}
    return forms.FactsForm(data, facts=facts_for(case), member_names=names)


def _with_ids(form: Any, prefix: str) -> Any:
    """Many forms share one page: prefix their element ids so every label points at its own field."""
    if form is not None:
        form.auto_id = f"{prefix}-%s"
    return form


ITEM_FORMS = {"withdraw_consent": "consents", "referral_state": "referrals", "payment_received": "payments",
              "plan_step": "plan_steps", "follow_up": "follow_ups"}


def _case_page(request: HttpRequest, case: Case, bound: dict[str, Any] | None = None, status: int = 200,
               ) -> HttpResponse:
    """The case page; `bound` holds a form that failed validation, shown with its errors in place."""
    bound = bound or {}
    may_work = has_permission(request.user, "cases.work_case", case.unit)
    items = {
        "consents": list(case.consents.select_related("person", "recorded_by")),
        "referrals": list(case.referrals.select_related("consent", "overridden_by")),
        "payments": list(case.payments.all()),
        "plan_steps": list(case.plan_steps.order_by("pk")),
        "follow_ups": list(case.follow_ups.all()),
    }
    failed_item = bound.get("item")
    for section, key in ITEM_FORMS.items():
        for item in items[key]:
            form = bound.get(section) if failed_item == (section, item.pk) else None
            item.form = _with_ids(form or SECTIONS[section].form(request, case, None), f"{section}-{item.pk}")
    context = {
        "case": case,
        "may_work": may_work,
        "may_override": has_permission(request.user, "cases.override_consent", case.unit),
        "people": queries.household_views(request.user, case),
        "transitions": [
            (t, _with_ids(bound.get(f"to:{t.target}") or forms.TransitionForm(transition=t), f"to-{t.target}"))
            for t in transitions_from(case)
        ] if may_work else [],
        "timeline": case.timeline.select_related("actor")[:200],
        "notes": queries.case_notes(case),
        "decision_records": case.decision_records.select_related("recorded_by"),
        "tasks": case.tasks.select_related("owner"),
        "documents": case.documents.select_related("uploaded_by"),
        "snapshot": case.eligibility_snapshots.select_related("run_by").first(),
        "facts_form": _with_ids(bound.get("facts") or _facts_form(request, case), "facts"),
        "facts_problems": bound.get("facts_problems", []),
        "forms": {
            name: _with_ids(bound.get(name) or (section.form(request, case, None)
                                                if may_work or name == "referral" else None), name)
            for name, section in SECTIONS.items() if section.item_model is None
        },
        **items,
    }
    return render(request, "cases/case_detail.html", context, status=status)


@requires("cases.view_case")
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = queries.case_for_reading(request.user, pk, reason=request.GET.get("reason", "")[:300])
    return _case_page(request, case)


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
    item = queries.case_item(case, spec.item_model, item_id) if spec.item_model and item_id else None
    form = spec.form(request, case, request.POST)
    if form is not None and not form.is_valid():
        return _show_again(request, pk, {section: form, "item": (section, item_id)})
    try:
        spec.save(request.user, case, form.cleaned_data if form is not None else {}, item)
    except ValidationError as error:
        if form is None:
            messages.error(request, " ".join(error.messages))
            return _back_to(case, spec.anchor)
        _attach(form, error)
        return _show_again(request, pk, {section: form, "item": (section, item_id)})
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
    return _show_again(request, pk, {f"to:{target}": form})


@requires("cases.work_case")
@require_POST
def case_facts(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the eligibility facts and, with the run button, evaluate them and keep a snapshot."""
    case = queries.case_for_work(request.user, pk)
    form = _facts_form(request, case, request.POST)
    if not form.is_valid():
        return _show_again(request, pk, {"facts": form})
    member_ids = [f"p{view.id}" for _member, view in queries.household_views(request.user, case)]
    actions.do_update_facts(actor=request.user, case=case, facts=form.to_facts(member_ids))
    if "run" in request.POST:
        try:
            actions.do_run_eligibility(actor=request.user, case=case)
        except FactsError as error:
            return _show_again(request, pk, {"facts": form, "facts_problems": [str(p) for p in error.problems]})
        messages.success(request, _("Eligibility checked."))
    else:
        messages.success(request, _("Facts saved."))
    return _back_to(case, "eligibility")


@requires("cases.view_case")
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    document = queries.document_for_download(request.user, pk)
    response = FileResponse(document.file.open("rb"), content_type=document.content_type, as_attachment=True,
                            filename=document.original_name)
    response["Cache-Control"] = "no-store"
    return response
