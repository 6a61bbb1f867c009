"""A world with something real behind every route of /api/v1/, for the API's fuzz tests (tests/test_api_fuzz.py):
the people-and-cases world of tests/people/api_support.py taken further (tests.people.api_support.build_rich_world),
plus an active identity grant, a matter with a consulted body, and the outreach records — organisations with a
contact, an agreement, an activity, a consultation, a project with a budget, a draft and a submitted funding
application, an activity plan. Synthetic data only.

`ids` maps each path parameter of the API to the ids it may take here (more than one where the state of the
object decides what a route does: a draft or a submitted application, the main person or a member)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from hemvag.cases import actions as case_actions
from hemvag.cases.models import FollowUp, Payment, ReintegrationPlanStep
from hemvag.core.models import Unit, User
from hemvag.matters import actions as matter_actions
from hemvag.outreach import actions as outreach_actions
from hemvag.people import actions as people_actions
from tests.people.api_support import build_rich_world, build_world

TODAY = dt.date(2026, 3, 2)


@dataclass
class ApiWorld:
    users: dict[str, User | None]
    unit: Unit
    ids: dict[str, list[int]]


def _outreach(manager: User, counsellor: User, unit: Unit) -> dict[str, list[int]]:
    organisation = outreach_actions.do_save_organisation(actor=manager, unit=unit, name="Irakiska föreningen",
                                                         kind="association", country="IQ", city="Stockholm")
    partner = outreach_actions.do_save_organisation(actor=manager, unit=unit, name="IOM", kind="international")
    contact = outreach_actions.do_add_contact(actor=manager, organisation=organisation, name="Layla Ahmed",
                                              basis="Contact person of the association", role="Chair")
    outreach_actions.do_save_agreement(actor=manager, unit=unit, kind="agreement", title="Samverkan",
                                       valid_from=TODAY, parties=[organisation, partner], responsible=manager)
    outreach_actions.do_record_activity(actor=counsellor, unit=unit, kind="information_meeting", title="Möte",
                                        held_on=TODAY, organisations=[organisation], participants=12)
    outreach_actions.do_record_consultation(actor=counsellor, unit=unit, held_on=TODAY, colleague_kind="sfi",
                                            topic="Återvandringsbidraget", minutes=20)
    project = outreach_actions.do_save_project(actor=manager, unit=unit, title="Projekt", starts_on=TODAY,
                                               ends_on=TODAY + dt.timedelta(days=365), status="running")
    outreach_actions.do_set_budget(actor=manager, project=project, year=TODAY.year, cost_type="staff",
                                   amount_sek=100000)
    draft = outreach_actions.do_save_application(actor=manager, unit=unit, funder="Fonden", title="Ansökan",
                                                 requested_sek=50000)
    submitted = outreach_actions.do_save_application(actor=manager, unit=unit, funder="Fonden", title="Inskickad",
                                                     requested_sek=70000)
    outreach_actions.do_submit_application(actor=manager, application=submitted, submitted_on=TODAY)
    plan = outreach_actions.do_save_plan(actor=manager, unit=unit, title="Plan", first_year=TODAY.year,
                                         last_year=TODAY.year + 1, lines=[{"title": "Information"}])
    return {"organisation_id": [organisation.pk, partner.pk], "contact_id": [contact.pk], "project_id": [project.pk],
            "application_id": [draft.pk, submitted.pk], "plan_id": [plan.pk]}


def _matters(counsellor: User, unit: Unit) -> dict[str, list[int]]:
    matter = matter_actions.do_register_matter(actor=counsellor, unit=unit, kind="external_remiss",
                                               title="Remiss om återvandring", received_on=TODAY,
                                               sender="Justitiedepartementet", handler=counsellor)
    body = matter_actions.do_add_body(actor=counsellor, matter=matter, name="Socialförvaltningen",
                                      deadline=TODAY + dt.timedelta(days=30))
    return {"matter_id": [matter.pk], "body_id": [body.pk]}


def build_api_world(make_user: Any, unit: Unit, other_unit: Unit) -> ApiWorld:
    world = build_world(make_user, unit, other_unit)
    rich = build_rich_world(world, make_user)
    counsellor, manager = world.users["counsellor"], world.users["manager"]
    grant = people_actions.do_grant_identity_access(actor=manager, person=rich.hidden, user=rich.sam,
                                                    reason="Covers a leave")
    case = world.case
    hold = case_actions.do_place_legal_hold(actor=manager, case=case, reason="JO-anmälan")
    ids = {
        "person_id": [world.main.pk, world.child.pk, world.spare.pk, rich.hidden.pk],
        "household_id": [world.household.pk], "case_id": [case.pk, rich.lone_case.pk],
        "consent_id": [world.consent.pk], "referral_id": [world.referral.pk], "task_id": [world.task.pk],
        "document_id": [world.document.pk], "grant_id": [grant.pk], "hold_id": [hold.pk],
        "payment_id": list(Payment.objects.filter(case=case).values_list("pk", flat=True)),
        "step_id": list(ReintegrationPlanStep.objects.filter(case=case).values_list("pk", flat=True)[:3]),
        "follow_up_id": list(FollowUp.objects.filter(case=case).values_list("pk", flat=True)[:2]),
        "unit_id": [unit.pk], "user_id": [counsellor.pk, rich.sam.pk],
        **_matters(counsellor, unit),
        **_outreach(manager, counsellor, unit),
    }
    return ApiWorld(users={**world.users, "sam": rich.sam}, unit=unit, ids=ids)
