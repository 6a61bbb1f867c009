"""The matters pages (thin: read through matters.queries, write through matters.actions, render). A refused
step (PermissionDenied, an illegal transition, a ValidationError of the action) comes back as a message beside
its field or at the top of the matter's page; nothing is half-saved."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hemvag.core.forms import add_action_errors
from hemvag.core.permissions import has_permission, requires
from hemvag.core.reporting import FactError
from hemvag.matters import actions, facts, klarsprak, queries
from hemvag.matters.documents import is_final
from hemvag.matters.flows import DRAFTABLE, IllegalTransition, transitions_from
from hemvag.matters.forms import (
    AnswerForm,
    BodyForm,
    DecisionForm,
    DocumentForm,
    DraftForm,
    FactForm,
    MatterForm,
    SentForm,
    draft_initial,
)
from hemvag.matters.models import Matter, Status

REMIND_DAYS = 7  # a body is offered a reminder this many days before its deadline, and after it
SECTION_TITLES = {
    "summary": "Sammanfattning", "background": "Bakgrund", "matter_text": "Ärendet",
    "preparation": "Ärendets beredning", "views": "Förvaltningens synpunkter och förslag",
}


@requires(queries.VIEW)
def index(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("q", "")[:200]
    found = list(queries.search(request.user, text).distinct()[:200])
    return render(request, "matters/index.html", {
        "matters": found, "q": text, "today": timezone.localdate(),
        "may_register": has_permission(request.user, "matters.register_matter")})


@requires("matters.register_matter")
def new(request: HttpRequest) -> HttpResponse:
    units = queries.units_for(request.user, "matters.register_matter")
    unit = units.first()
    form = MatterForm(request.POST or None, units=units, officials=queries.officials(units),
                      initial={"unit": unit.pk if unit else None, "received_on": timezone.localdate(),
                               "kind": "motion_remiss"})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            matter = actions.do_register_matter(
                actor=request.user, unit=data["unit"], kind=data["kind"], title=data["title"],
                received_on=data["received_on"], sender=data["sender"], sender_reference=data["sender_reference"],
                answer_by=data["answer_by"], motion_number=data["motion_number"],
                motion_made_on=data["motion_made_on"], authors=data["authors"],
                consulted_elsewhere=data["consulted_elsewhere"], handler=data["handler"])
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Registered as %(reference)s.") % {"reference": matter.reference})
            return redirect("matters:matter", matter_id=matter.pk)
    return render(request, "matters/new.html", {"form": form}, status=400 if form.errors else 200)


def _statement(version: Any) -> list[tuple[str, str]]:
    if version is None:
        return []
    return [(SECTION_TITLES[name], facts.fill(getattr(version, name), version.facts))
            for name in SECTION_TITLES if getattr(version, name)]


def _may(request: HttpRequest, matter: Matter, action: str) -> bool:
    return has_permission(request.user, action, matter.unit)


@requires(queries.VIEW)
def matter(request: HttpRequest, matter_id: int, forms: dict[str, Any] | None = None,
           status: int = 200) -> HttpResponse:
    found = queries.matter_for(request.user, matter_id)
    latest = actions.latest_version(found)
    shown = found.approved_version or latest
    steps = [step for step in transitions_from(found) if _may(request, found, step.permission)]
    forms = forms or {}
    return render(request, "matters/matter.html", {
        "matter": found, "version": shown, "statement": _statement(shown), "steps": steps,
        "versions": queries.versions(found), "bodies": queries.bodies(found), "documents": queries.documents(found),
        "timeline": queries.timeline(found), "today": timezone.localdate(),
        "may_draft": found.status in DRAFTABLE and _may(request, found, "matters.draft_statement"),
        "may_collect": _may(request, found, "matters.collect_answers"),
        "may_attach": _may(request, found, "matters.register_matter"),
        "decision_form": forms.get("decision") or DecisionForm(),
        "sent_form": forms.get("sent") or SentForm(initial={"sent_on": timezone.localdate()}),
        "body_form": forms.get("body") or BodyForm(), "document_form": forms.get("document") or DocumentForm(),
        "answered": [b for b in queries.bodies(found) if b.answered],
        "final": is_final(found), "has_content": bool(latest) or queries.bodies(found).exists(),
        "soon": timezone.localdate() + dt.timedelta(days=REMIND_DAYS)}, status=status)


def _refused(request: HttpRequest, error: Exception) -> None:
    text = " ".join(getattr(error, "messages", None) or [str(error)])
    messages.error(request, text)


@require_POST
@requires(queries.VIEW)
def step(request: HttpRequest, matter_id: int, target: str) -> HttpResponse:
    """One step of the state machine (the buttons on the matter's page)."""
    found = queries.matter_for(request.user, matter_id)
    try:
        if target == Status.IN_REVIEW:
            actions.do_submit_for_review(actor=request.user, matter=found)
        elif target == Status.DRAFTING and found.status == Status.IN_REVIEW:
            actions.do_return_to_drafting(actor=request.user, matter=found, comment=request.POST.get("comment", ""))
        elif target == Status.APPROVED:
            actions.do_approve_statement(actor=request.user, matter=found)
        elif target == Status.DECIDED:
            form = DecisionForm(request.POST)
            if not form.is_valid():
                return matter(request, matter_id, {"decision": form}, status=400)
            try:
                actions.do_record_decision(actor=request.user, matter=found, decided_on=form.cleaned_data["decided_on"],
                                           meeting=form.cleaned_data["decision_meeting"],
                                           paragraph=form.cleaned_data["decision_paragraph"],
                                           text=form.cleaned_data["decision_text"])
            except ValidationError as error:
                add_action_errors(form, error)
                return matter(request, matter_id, {"decision": form}, status=400)
        elif target == Status.SENT:
            form = SentForm(request.POST)
            if not form.is_valid():
                return matter(request, matter_id, {"sent": form}, status=400)
            try:
                actions.do_mark_sent(actor=request.user, matter=found, sent_on=form.cleaned_data["sent_on"])
            except ValidationError as error:
                add_action_errors(form, error)
                return matter(request, matter_id, {"sent": form}, status=400)
        elif target == Status.CLOSED:
            actions.do_close_matter(actor=request.user, matter=found)
        else:
            raise IllegalTransition(_("No such step."))
    except (IllegalTransition, PermissionDenied) as error:
        _refused(request, error)
        return redirect("matters:matter", matter_id=found.pk)
    messages.success(request, _("Saved."))
    return redirect("matters:matter", matter_id=found.pk)


@requires(queries.VIEW)
def draft(request: HttpRequest, matter_id: int) -> HttpResponse:
    """Write the statement: every save is a new version; facts are added and refreshed here too."""
    found = queries.matter_for(request.user, matter_id)
    if not (found.status in DRAFTABLE and _may(request, found, "matters.draft_statement")):
        raise PermissionDenied(_("The statement can be written only by an official while it is being drafted."))
    latest = actions.latest_version(found)
    form = DraftForm(request.POST or None, initial=draft_initial(latest))
    fact_form = FactForm(blocks=facts.blocks())
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_save_draft(actor=request.user, matter=found, content=form.content())
        except (IllegalTransition, ValidationError) as error:
            _refused(request, error)
        else:
            messages.success(request, _("Saved as a new version."))
            return redirect("matters:draft", matter_id=found.pk)
    sections = {name: getattr(latest, name) for name in SECTION_TITLES} if latest else {}
    return render(request, "matters/draft.html", {
        "matter": found, "form": form, "fact_form": fact_form, "version": latest,
        "hints": [(SECTION_TITLES[hint.section], hint) for hint in klarsprak.hints(sections)]},
        status=400 if form.errors else 200)


@require_POST
@requires("matters.draft_statement")
def add_fact(request: HttpRequest, matter_id: int) -> HttpResponse:
    found = queries.matter_for(request.user, matter_id)
    form = FactForm(request.POST, blocks=facts.blocks())
    if form.is_valid():
        try:
            actions.do_add_fact(actor=request.user, matter=found, key=form.cleaned_data["key"],
                                argument=form.cleaned_data["argument"], section=form.cleaned_data["section"])
        except (FactError, IllegalTransition, ValidationError) as error:
            _refused(request, error)
        else:
            messages.success(request, _("The fact is added; it is computed again whenever the draft is saved."))
    else:
        _refused(request, ValidationError(_("Choose a fact and the section it goes in.")))
    return redirect("matters:draft", matter_id=found.pk)


@require_POST
@requires("matters.draft_statement")
def refresh_facts(request: HttpRequest, matter_id: int) -> HttpResponse:
    found = queries.matter_for(request.user, matter_id)
    try:
        actions.do_refresh_facts(actor=request.user, matter=found)
    except IllegalTransition as error:
        _refused(request, error)
    else:
        messages.success(request, _("The facts are computed again."))
    return redirect("matters:draft", matter_id=found.pk)


@requires(queries.VIEW)
def versions(request: HttpRequest, matter_id: int) -> HttpResponse:
    found = queries.matter_for(request.user, matter_id)
    listed = list(queries.versions(found))
    older, newer = request.GET.get("from", ""), request.GET.get("to", "")
    changes = None
    if older.isdigit() and newer.isdigit():
        changes = queries.compare_versions(queries.version(found, int(older)), queries.version(found, int(newer)))
    elif len(listed) >= 2:
        changes = queries.compare_versions(listed[1], listed[0])
        older, newer = str(listed[1].number), str(listed[0].number)
    titles = {"proposal": "Förvaltningens förslag till beslut", **SECTION_TITLES}
    named = [(titles[name], lines) for name, lines in changes] if changes is not None else None
    return render(request, "matters/versions.html", {
        "matter": found, "versions": listed, "changes": named, "older": older, "newer": newer})


@require_POST
@requires("matters.collect_answers")
def add_body(request: HttpRequest, matter_id: int) -> HttpResponse:
    found = queries.matter_for(request.user, matter_id)
    form = BodyForm(request.POST)
    if form.is_valid():
        try:
            actions.do_add_body(actor=request.user, matter=found, name=form.cleaned_data["name"],
                                deadline=form.cleaned_data["deadline"])
        except ValidationError as error:
            add_action_errors(form, error)
    if form.errors:
        return matter(request, matter_id, {"body": form}, status=400)
    return redirect("matters:matter", matter_id=found.pk)


@requires("matters.collect_answers")
def answer(request: HttpRequest, matter_id: int, body_id: int) -> HttpResponse:
    found = queries.matter_for(request.user, matter_id)
    body = queries.body(found, body_id)
    initial = {name: getattr(body, name) for name in AnswerForm.base_fields}
    form = AnswerForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_record_answer(actor=request.user, body=body, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("The answer of %(body)s is recorded.") % {"body": body.name})
            return redirect("matters:matter", matter_id=found.pk)
    return render(request, "matters/answer.html", {"matter": found, "body": body, "form": form},
                  status=400 if form.errors else 200)


@require_POST
@requires("matters.register_matter")
def attach(request: HttpRequest, matter_id: int) -> HttpResponse:
    found = queries.matter_for(request.user, matter_id)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            actions.do_attach_document(actor=request.user, matter=found, name=upload.name,
                                       content_type=upload.content_type or "application/octet-stream",
                                       data=upload.read(actions.MAX_DOCUMENT_BYTES + 1))
        except ValidationError as error:
            add_action_errors(form, error)
    if form.errors:
        return matter(request, matter_id, {"document": form}, status=400)
    return redirect("matters:matter", matter_id=found.pk)


@requires(queries.VIEW)
def document(request: HttpRequest, matter_id: int, document_id: int) -> HttpResponse:
    found = queries.matter_for(request.user, matter_id)
    attached = queries.document(found, document_id)
    actions.do_record_export(actor=request.user, matter=found, file_format="document", document=attached.name)
    response = HttpResponse(bytes(attached.data), content_type="application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="{attached.pk}-{_safe(attached.name)}"'
    return response


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "._-" else "-" for c in name)[:100] or "document"


@requires(queries.VIEW)
def export(request: HttpRequest, matter_id: int, file_format: str) -> HttpResponse:
    """The statement (and, with answers collected, the remissammanställning) as PDF, Word or JSON; a draft only
    when asked for as one (?draft=1), and then marked UTKAST on every page. Every download is audited."""
    from hemvag.matters import documents, exporting  # WeasyPrint and python-docx load with the first export

    found = queries.matter_for(request.user, matter_id)
    try:
        rendered = exporting.export(request.user, found, file_format, draft=request.GET.get("draft") == "1")
    except documents.ExportError as error:
        _refused(request, error)
        return redirect("matters:matter", matter_id=found.pk)
    response = HttpResponse(rendered.data, content_type=rendered.content_type)
    response["Content-Disposition"] = f'attachment; filename="{rendered.filename}"'
    return response


@require_POST
@requires("matters.collect_answers")
def remind(request: HttpRequest, matter_id: int, body_id: int) -> HttpResponse:
    """Note that the body was reminded of its deadline (the reminder itself goes by the unit's usual channel)."""
    found = queries.matter_for(request.user, matter_id)
    body = queries.body(found, body_id)
    actions.do_record_reminder(actor=request.user, body=body, on=timezone.localdate())
    messages.success(request, _("The reminder to %(body)s is noted.") % {"body": body.name})
    return redirect("matters:matter", matter_id=found.pk)
