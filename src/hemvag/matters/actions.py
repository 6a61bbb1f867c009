"""Every write of the matters app: one transaction and one audit event each, the actor's permission first.

The statement is written as versions (never edited in place); its facts are computed when a version is saved
and frozen when the statement is approved, by someone who wrote none of its versions (four eyes)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hemvag.core import audit
from hemvag.core.models import Unit, User
from hemvag.core.permissions import as_user, authorize, has_permission
from hemvag.core.reporting import FactError
from hemvag.matters import facts as live_facts
from hemvag.matters.flows import DRAFTABLE, TRANSITIONS, IllegalTransition, transition
from hemvag.matters.models import ConsultedBody, Kind, Matter, MatterDocument, Position, StatementVersion, Status

SECTIONS = ("summary", "background", "matter_text", "preparation", "views")
# Diary numbers as the senders write them: Stockholm's kommunstyrelse "KS 2023/1387", the city's older
# register "2017/000991". A sender listed here must be given a number in its format.
DIARY_FORMATS = {"kommunstyrelsen": re.compile(r"^(KS )?\d{4}/\d{1,6}$")}


def _after(**values: Any) -> dict[str, Any]:
    return {name: {"before": None, "after": value} for name, value in values.items()}


def _record(actor: Any, verb: str, matter: Matter, **changes: Any) -> None:
    audit.record(actor=as_user(actor), verb=verb, object_type="matter", object_id=matter.pk, unit=matter.unit,
                 changes=changes)


def _next_reference(unit: Unit, year: int) -> str:
    """The next free number of the unit's year. Locking the matters already there would not stop a second
    registration from counting the same ones (a new row is not locked by anyone), so registrations in a unit
    take turns on the unit's row; FOR NO KEY UPDATE leaves the foreign-key checks of other writers free."""
    Unit.objects.select_for_update(no_key=True).filter(pk=unit.pk).first()
    prefix = f"{unit.code.upper()}-{year}-"
    taken = Matter.objects.filter(reference__startswith=prefix).count()
    return f"{prefix}{taken + 1:04d}"


def date_problems(received_on: dt.date, answer_by: dt.date | None, motion_made_on: dt.date | None
                  ) -> dict[str, str]:
    errors: dict[str, str] = {}
    if answer_by is not None and answer_by < received_on:
        errors["answer_by"] = _("The answer cannot be due before the matter was received.")
    if motion_made_on is not None and motion_made_on > received_on:
        errors["motion_made_on"] = _("The motion cannot have been made after the matter was received.")
    return errors


def sender_reference_problems(sender: str, reference: str) -> dict[str, str]:
    pattern = DIARY_FORMATS.get(sender.strip().lower())
    if pattern is not None and reference and not pattern.match(reference.strip()):
        return {"sender_reference": _(
            "%(sender)s writes its diary numbers as KS 2023/1387 or 2017/000991. Copy the number from the "
            "referral.") % {"sender": sender}}
    return {}


@transaction.atomic
def do_register_matter(*, actor: Any, unit: Unit, kind: str, title: str, received_on: dt.date,
                       sender: str = "", sender_reference: str = "", answer_by: dt.date | None = None,
                       motion_number: str = "", motion_made_on: dt.date | None = None,
                       authors: list[dict[str, str]] | None = None, consulted_elsewhere: str = "",
                       handler: User | None = None) -> Matter:
    authorize(actor, "matters.register_matter", unit)
    problems = {**date_problems(received_on, answer_by, motion_made_on),
                **sender_reference_problems(sender, sender_reference)}
    if kind not in Kind.values:
        problems["kind"] = _("Choose the kind of matter.")
    if not title.strip():
        problems["title"] = _("Give the matter's title.")
    if handler is not None and not has_permission(handler, "matters.draft_statement", unit):
        problems["handler"] = _("The official must be able to draft statements in the unit.")
    if problems:
        raise ValidationError(problems)
    matter = Matter.objects.create(
        unit=unit, reference=_next_reference(unit, received_on.year), kind=kind, title=title.strip(),
        received_on=received_on, sender=sender.strip(), sender_reference=sender_reference.strip(),
        answer_by=answer_by, motion_number=motion_number.strip(), motion_made_on=motion_made_on,
        authors=authors or [], consulted_elsewhere=consulted_elsewhere.strip(), handler=handler,
        status=Status.ASSIGNED if handler else Status.RECEIVED)
    _record(actor, "matter.registered", matter, **_after(
        reference=matter.reference, kind=kind, title=matter.title, sender=matter.sender,
        sender_reference=matter.sender_reference, received_on=received_on.isoformat(),
        answer_by=answer_by.isoformat() if answer_by else None,
        handler=handler.username if handler else None))
    return matter


@transaction.atomic
def do_assign_matter(*, actor: Any, matter: Matter, handler: User) -> Matter:
    authorize(actor, "matters.register_matter", matter.unit)
    if not has_permission(handler, "matters.draft_statement", matter.unit):
        raise ValidationError({"handler": _("The official must be able to draft statements in the unit.")})
    before = matter.handler.username if matter.handler else None
    matter.handler = handler
    if matter.status == Status.RECEIVED:
        transition(matter, Status.ASSIGNED)
        matter.status = Status.ASSIGNED
    matter.save(update_fields=["handler", "status"])
    _record(actor, "matter.assigned", matter, handler={"before": before, "after": handler.username})
    return matter


def latest_version(matter: Matter) -> StatementVersion | None:
    return matter.versions.order_by("-number").first()


def _refreshed(actor: Any, matter: Matter, fact_list: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each fact computed again now, as the drafter (their rights, today's figures)."""
    fresh = []
    for fact in fact_list:
        try:
            fresh.append(live_facts.compute(actor, matter.unit, fact["key"], fact.get("argument", "")).as_json())
        except FactError:
            fresh.append(fact)  # kept as it was; the draft shows when it was computed
    return fresh


def _new_version(actor: Any, matter: Matter, content: dict[str, Any], fact_list: list[dict[str, Any]]
                 ) -> StatementVersion:
    previous = latest_version(matter)
    number = previous.number + 1 if previous else 1
    version = StatementVersion.objects.create(
        matter=matter, number=number, proposal=[p.strip() for p in content.get("proposal", []) if p.strip()],
        signatures=content.get("signatures", []), attachments=content.get("attachments", []),
        facts=fact_list, created_by=as_user(actor),
        **{name: content.get(name, "").strip() for name in SECTIONS})
    if matter.status == Status.ASSIGNED:
        matter.status = Status.DRAFTING
        matter.save(update_fields=["status"])
    return version


def _draftable(matter: Matter) -> None:
    if matter.status not in DRAFTABLE:
        raise IllegalTransition(_("The statement can be changed only while it is being drafted (now: %(status)s).")
                                % {"status": Status(matter.status).label})
    if matter.handler_id is None:
        raise IllegalTransition(_("Choose the official (handläggare) first."))


@transaction.atomic
def do_save_draft(*, actor: Any, matter: Matter, content: dict[str, Any]) -> StatementVersion:
    """A new version of the statement with `content` (the sections, the proposal's points, signatures and
    attachments); the facts of the last version come along, computed again."""
    authorize(actor, "matters.draft_statement", matter.unit)
    _draftable(matter)
    previous = latest_version(matter)
    version = _new_version(actor, matter, content, _refreshed(actor, matter, previous.facts if previous else []))
    _record(actor, "statement.saved", matter, version={"before": previous.number if previous else None,
                                                      "after": version.number})
    return version


def _content(version: StatementVersion | None) -> dict[str, Any]:
    if version is None:
        return {}
    return {"proposal": version.proposal, "signatures": version.signatures, "attachments": version.attachments,
            **{name: getattr(version, name) for name in SECTIONS}}


@transaction.atomic
def do_add_fact(*, actor: Any, matter: Matter, key: str, argument: str, section: str) -> StatementVersion:
    """Compute a fact and add it to a new version, its marker at the end of `section`."""
    authorize(actor, "matters.draft_statement", matter.unit)
    _draftable(matter)
    if section not in SECTIONS:
        raise ValidationError({"section": _("Choose the section the fact goes in.")})
    fact = live_facts.compute(actor, matter.unit, key, argument)  # FactError: the drafter's message
    previous = latest_version(matter)
    fact_list = [*(previous.facts if previous else []), fact.as_json()]
    content = _content(previous)
    content[section] = (content.get(section, "").rstrip() + " " + live_facts.marker(len(fact_list))).strip()
    version = _new_version(actor, matter, content, fact_list)
    _record(actor, "statement.fact_added", matter, fact={"before": None, "after": fact.as_json()},
            version={"before": previous.number if previous else None, "after": version.number})
    return version


@transaction.atomic
def do_refresh_facts(*, actor: Any, matter: Matter) -> StatementVersion:
    authorize(actor, "matters.draft_statement", matter.unit)
    _draftable(matter)
    previous = latest_version(matter)
    if previous is None or not previous.facts:
        raise IllegalTransition(_("The draft has no facts to refresh."))
    version = _new_version(actor, matter, _content(previous), _refreshed(actor, matter, previous.facts))
    _record(actor, "statement.facts_refreshed", matter, version={"before": previous.number, "after": version.number})
    return version


def _permission(source: Status, target: Status) -> str:
    return TRANSITIONS[(source, target)].permission


def _step(actor: Any, matter: Matter, target: str) -> str:
    step = transition(matter, target)
    authorize(actor, step.permission, matter.unit)  # the step taken (the caller checked the usual one first)
    before = matter.status
    matter.status = target
    return before


@transaction.atomic
def do_submit_for_review(*, actor: Any, matter: Matter) -> Matter:
    authorize(actor, _permission(Status.DRAFTING, Status.IN_REVIEW), matter.unit)
    before = _step(actor, matter, Status.IN_REVIEW)
    matter.save(update_fields=["status"])
    _record(actor, "matter.submitted", matter, status={"before": before, "after": matter.status})
    return matter


@transaction.atomic
def do_return_to_drafting(*, actor: Any, matter: Matter, comment: str = "") -> Matter:
    authorize(actor, _permission(Status.IN_REVIEW, Status.DRAFTING), matter.unit)
    before = _step(actor, matter, Status.DRAFTING)
    matter.save(update_fields=["status"])
    _record(actor, "matter.returned", matter, status={"before": before, "after": matter.status},
            comment={"before": None, "after": comment.strip()})
    return matter


@transaction.atomic
def do_approve_statement(*, actor: Any, matter: Matter) -> Matter:
    """Four eyes: the approver wrote none of the versions. The approved version's facts are frozen; the
    signed statement never changes afterwards."""
    authorize(actor, _permission(Status.IN_REVIEW, Status.APPROVED), matter.unit)
    version = latest_version(matter)
    user = as_user(actor)
    if version is None:
        raise IllegalTransition(_("There is no statement to approve."))
    if user is not None and matter.versions.filter(created_by=user).exists():
        raise PermissionDenied(_("You wrote this statement: someone else must approve it."))
    before = _step(actor, matter, Status.APPROVED)
    version.facts_frozen = True
    version.save(update_fields=["facts_frozen"])
    matter.approved_version, matter.approved_by, matter.approved_at = version, user, timezone.now()
    matter.save(update_fields=["status", "approved_version", "approved_by", "approved_at"])
    _record(actor, "statement.approved", matter, status={"before": before, "after": matter.status},
            version={"before": None, "after": version.number},
            facts={"before": None, "after": version.facts})
    return matter


@transaction.atomic
def do_record_decision(*, actor: Any, matter: Matter, decided_on: dt.date | None, meeting: str, paragraph: str,
                       text: str) -> Matter:
    authorize(actor, _permission(Status.APPROVED, Status.DECIDED), matter.unit)
    missing = {name: _("Required.") for name, value in
               (("decided_on", decided_on), ("decision_meeting", meeting.strip()),
                ("decision_text", text.strip())) if not value}
    if missing:
        raise ValidationError(missing)
    assert decided_on is not None
    if decided_on < matter.received_on:
        raise ValidationError({"decided_on": _("The decision cannot come before the matter was received.")})
    before = _step(actor, matter, Status.DECIDED)
    matter.decided_on, matter.decision_meeting = decided_on, meeting.strip()
    matter.decision_paragraph, matter.decision_text = paragraph.strip(), text.strip()
    matter.save(update_fields=["status", "decided_on", "decision_meeting", "decision_paragraph", "decision_text"])
    _record(actor, "matter.decided", matter, status={"before": before, "after": matter.status},
            **_after(decided_on=decided_on.isoformat(), meeting=matter.decision_meeting,
                     paragraph=matter.decision_paragraph, text=matter.decision_text))
    return matter


@transaction.atomic
def do_mark_sent(*, actor: Any, matter: Matter, sent_on: dt.date | None) -> Matter:
    authorize(actor, _permission(Status.DECIDED, Status.SENT), matter.unit)
    if sent_on is None:
        raise ValidationError({"sent_on": _("Required.")})
    if matter.decided_on and sent_on < matter.decided_on:
        raise ValidationError({"sent_on": _("The answer cannot be sent before it was decided.")})
    before = _step(actor, matter, Status.SENT)
    matter.sent_on = sent_on
    matter.save(update_fields=["status", "sent_on"])
    _record(actor, "matter.sent", matter, status={"before": before, "after": matter.status},
            **_after(sent_on=sent_on.isoformat()))
    return matter


@transaction.atomic
def do_close_matter(*, actor: Any, matter: Matter) -> Matter:
    authorize(actor, _permission(Status.SENT, Status.CLOSED), matter.unit)
    before = _step(actor, matter, Status.CLOSED)
    matter.save(update_fields=["status"])
    _record(actor, "matter.closed", matter, status={"before": before, "after": matter.status})
    return matter


# --- the bodies consulted, for the office that collects the answers ---

@transaction.atomic
def do_add_body(*, actor: Any, matter: Matter, name: str, deadline: dt.date | None = None) -> ConsultedBody:
    authorize(actor, "matters.collect_answers", matter.unit)
    if not name.strip():
        raise ValidationError({"name": _("Required.")})
    if deadline is not None and deadline < matter.received_on:
        raise ValidationError({"deadline": _("The answer cannot be due before the matter was received.")})
    body = ConsultedBody.objects.create(matter=matter, name=name.strip(), deadline=deadline,
                                        order=matter.bodies.count() + 1)
    _record(actor, "matter.body_added", matter, **_after(body=body.name,
                                                        deadline=deadline.isoformat() if deadline else None))
    return body


@transaction.atomic
def do_record_answer(*, actor: Any, body: ConsultedBody, position: str, wording: str,
                     decided_on: dt.date | None = None, decision: str = "", statement_dated: dt.date | None = None,
                     office: str = "") -> ConsultedBody:
    authorize(actor, "matters.collect_answers", body.matter.unit)
    if position not in Position.values:
        raise ValidationError({"position": _("Choose the body's position.")})
    if decided_on and statement_dated and statement_dated > decided_on:
        raise ValidationError({"statement_dated": _(
            "The officials' statement cannot be dated after the body's decision.")})
    body.position, body.wording = position, wording.strip()
    body.decided_on, body.decision, body.statement_dated = decided_on, decision.strip(), statement_dated
    body.office = office.strip()
    body.save()
    _record(actor, "matter.answer_recorded", body.matter, **_after(
        body=body.name, position=position, decided_on=decided_on.isoformat() if decided_on else None))
    return body


@transaction.atomic
def do_record_reminder(*, actor: Any, body: ConsultedBody, on: dt.date) -> ConsultedBody:
    authorize(actor, "matters.collect_answers", body.matter.unit)
    body.reminded_on = on
    body.save(update_fields=["reminded_on"])
    _record(actor, "matter.body_reminded", body.matter, **_after(body=body.name, on=on.isoformat()))
    return body


MAX_DOCUMENT_BYTES = 10 * 1024 * 1024


@transaction.atomic
def do_attach_document(*, actor: Any, matter: Matter, name: str, content_type: str, data: bytes) -> MatterDocument:
    authorize(actor, "matters.register_matter", matter.unit)
    if len(data) > MAX_DOCUMENT_BYTES:
        raise ValidationError({"file": _("The file is larger than 10 MB.")})
    document = MatterDocument.objects.create(matter=matter, name=name[:200], content_type=content_type[:100],
                                             data=data, uploaded_by=as_user(actor))
    _record(actor, "matter.document_added", matter, **_after(document=document.name, bytes=len(data)))
    return document


@transaction.atomic
def do_record_export(*, actor: Any, matter: Matter, file_format: str, document: str) -> None:
    authorize(actor, "matters.view_matters", matter.unit)
    _record(actor, "matter.exported", matter, **_after(format=file_format, document=document))
