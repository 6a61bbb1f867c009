"""The case's state machines: the one table of allowed transitions each (Dispatch's flows, dispatched on
(from, to)) — the case's stages, and the states of a referral to an authority or partner.

Each stage transition names the facts it must record. Withdrawal is always possible from an open stage and is
never held against anyone: the person may change their mind at any time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from hemvag.cases.models import FINAL_STAGES, Case, DecisionOutcome, ReferralState, Stage

OPEN_STAGES = tuple(stage for stage in Stage if stage not in FINAL_STAGES)
# The ways out before the end, open from every stage: the buttons that show them are the quieter ones.
EARLY_EXITS = frozenset({Stage.WITHDRAWN, Stage.CLOSED_WITHOUT_APPLICATION})


def _only_if_granted(case: Case) -> Promise | None:
    if case.decision != DecisionOutcome.GRANTED:
        return _("A departure can be planned only after a granted decision.")
    return None


@dataclass(frozen=True)
class Transition:
    source: Stage
    target: Stage
    label: Promise  # what the button says
    required: tuple[str, ...] = ()  # case fields the step must record
    guard: Callable[[Case], Promise | None] | None = None
    optional: tuple[str, ...] = ()  # case fields the step may record

    @property
    def is_early_exit(self) -> bool:
        return self.target in EARLY_EXITS


_FORWARD = (
    Transition(Stage.INQUIRY, Stage.COUNSELLING, _("Start counselling")),
    Transition(Stage.COUNSELLING, Stage.PREPARING_APPLICATION, _("Start preparing the application")),
    Transition(Stage.PREPARING_APPLICATION, Stage.SUBMITTED, _("Record the submitted application"),
               ("submitted_on", "migration_agency_case_number")),
    Transition(Stage.SUBMITTED, Stage.DECIDED, _("Record Migrationsverket's decision"),
               ("decision", "decided_on"), optional=("decided_amount_sek", "decision_reasons", "refusal_reasons")),
    Transition(Stage.DECIDED, Stage.DEPARTURE_PLANNED, _("Plan the departure"), ("planned_departure_on",),
               _only_if_granted),
    Transition(Stage.DECIDED, Stage.CLOSED, _("Close the case")),
    Transition(Stage.DEPARTURE_PLANNED, Stage.DEPARTED, _("Record the departure"), ("departed_on",)),
    Transition(Stage.DEPARTED, Stage.FOLLOW_UP, _("Start the follow-up")),
    Transition(Stage.FOLLOW_UP, Stage.CLOSED, _("Close the case")),
)
_FROM_ANY_OPEN_STAGE = [
    transition
    for source in OPEN_STAGES
    for transition in (
        Transition(source, Stage.WITHDRAWN, _("The person has changed their mind")),
        Transition(source, Stage.CLOSED_WITHOUT_APPLICATION, _("Close without an application")),
    )
]

TRANSITIONS: dict[tuple[Stage, Stage], Transition] = {
    (t.source, t.target): t for t in (*_FORWARD, *_FROM_ANY_OPEN_STAGE)
}


class IllegalTransition(Exception):
    """The step is not allowed from the case's stage; the message says why and what is possible."""


def transitions_from(case: Case) -> list[Transition]:
    """The next allowed steps for the case, in the order the buttons show them."""
    return [t for (source, _target), t in TRANSITIONS.items() if source == case.stage]


def transition_for(case: Case, target: str) -> Transition:
    try:
        transition = TRANSITIONS[(Stage(case.stage), Stage(target))]
    except (KeyError, ValueError):
        allowed = ", ".join(str(t.target.label) for t in transitions_from(case)) or str(_("none"))
        raise IllegalTransition(
            _("A case in stage “%(source)s” cannot go to “%(target)s”. Possible next steps: %(allowed)s.")
            % {"source": Stage(case.stage).label, "target": _stage_label(target), "allowed": allowed}
        ) from None
    problem = transition.guard(case) if transition.guard else None
    if problem:
        raise IllegalTransition(str(problem))
    return transition


def _stage_label(value: str) -> str:
    try:
        return str(Stage(value).label)
    except ValueError:
        return value


# --- referral states: a referral is sent, then accepted or declined; an accepted one is done at last ---

REFERRAL_TRANSITIONS: frozenset[tuple[ReferralState, ReferralState]] = frozenset({
    (ReferralState.SENT, ReferralState.ACCEPTED),
    (ReferralState.SENT, ReferralState.DECLINED),
    (ReferralState.ACCEPTED, ReferralState.DONE),
})


def referral_states_after(state: str) -> list[ReferralState]:
    """The states a referral in `state` may move to, in the choices' order (none for a final state)."""
    return [target for target in ReferralState if (state, target) in REFERRAL_TRANSITIONS]


def referral_may_become(state: str, target: str) -> bool:
    return (state, target) in REFERRAL_TRANSITIONS


# The states a referral can still leave: its "Change state" form is shown only for these.
OPEN_REFERRAL_STATES = tuple(state.value for state in ReferralState if referral_states_after(state))
