"""The matter's state machine: the one table of allowed steps (dispatched on (from, to)), each with the fields
it must record and the check it must pass."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from hemvag.matters.models import Matter, Status


def _has_handler(matter: Matter) -> Promise | None:
    return None if matter.handler_id else _("Choose the official (handläggare) first.")


def _has_draft(matter: Matter) -> Promise | None:
    return None if matter.versions.exists() else _("Write a draft of the statement first.")


@dataclass(frozen=True)
class Transition:
    source: Status
    target: Status
    label: Promise  # what the button says
    permission: str
    required: tuple[str, ...] = ()  # fields the step must record
    guard: Callable[[Matter], Promise | None] | None = None


_STEPS = (
    Transition(Status.RECEIVED, Status.ASSIGNED, _("Assign to an official"), "matters.register_matter",
               ("handler",)),
    Transition(Status.ASSIGNED, Status.DRAFTING, _("Start the draft"), "matters.draft_statement",
               guard=_has_handler),
    Transition(Status.DRAFTING, Status.IN_REVIEW, _("Send for review"), "matters.draft_statement",
               guard=_has_draft),
    Transition(Status.IN_REVIEW, Status.DRAFTING, _("Return to drafting"), "matters.approve_statement"),
    Transition(Status.IN_REVIEW, Status.APPROVED, _("Approve the statement"), "matters.approve_statement"),
    Transition(Status.APPROVED, Status.DECIDED, _("Record the committee's decision"), "matters.record_decision",
               ("decided_on", "decision_meeting", "decision_paragraph", "decision_text")),
    Transition(Status.DECIDED, Status.SENT, _("Record that the answer was sent"), "matters.record_decision",
               ("sent_on",)),
    Transition(Status.SENT, Status.CLOSED, _("Close the matter"), "matters.register_matter"),
)
TRANSITIONS: dict[tuple[Status, Status], Transition] = {(t.source, t.target): t for t in _STEPS}
DRAFTABLE = frozenset({Status.ASSIGNED, Status.DRAFTING})


class IllegalTransition(Exception):
    """The step is not allowed from the matter's status; the message says why."""


def transitions_from(matter: Matter) -> list[Transition]:
    return [t for (source, _target), t in TRANSITIONS.items() if source == matter.status]


def transition(matter: Matter, target: str) -> Transition:
    step = TRANSITIONS.get((Status(matter.status), Status(target)))
    if step is None:
        raise IllegalTransition(_("A matter that is %(status)s cannot go to %(target)s.") % {
            "status": Status(matter.status).label, "target": Status(target).label})
    if step.guard is not None and (problem := step.guard(matter)) is not None:
        raise IllegalTransition(str(problem))
    return step
