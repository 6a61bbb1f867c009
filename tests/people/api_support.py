"""Shared by the people and cases API tests: synthetic identity numbers, a token-authenticated client, and a
small world of two units with one user per role and a family case (synthetic data only)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from django.test import Client
from stdnum import luhn

from hemvag.cases import actions as case_actions
from hemvag.cases.models import Case, Consent, Document, FollowUp, Referral, Task
from hemvag.core.actions import do_create_api_token
from hemvag.core.models import Role, Unit, User
from hemvag.core.permissions import SYSTEM
from hemvag.people import actions as people_actions
from hemvag.people.models import Household, Person, Relation
from tests.conftest import HTTPS_HEADERS

PDF = b"%PDF-1.4\n% synthetic test document\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def pnr(yymmdd: str, serial3: str) -> str:
    """A valid ten-digit personnummer (YYMMDD-NNNC) for a synthetic person."""
    body = yymmdd + serial3
    return f"{yymmdd}-{serial3}{luhn.calc_check_digit(body)}"


class Api:
    """A client that signs every request with one user's API token (or none: anonymous). It asks for English
    messages so that tests can read them; Swedish is the default (tested once, in tests/cases/test_api.py)."""

    def __init__(self, user: User | None, language: str = "en") -> None:
        self.user = user
        self.client = Client(headers={**HTTPS_HEADERS, "Accept-Language": language})
        self.headers: dict[str, str] = {}
        if user is not None:
            _token, secret = do_create_api_token(actor=SYSTEM, user=user, name="tests")
            self.headers["Authorization"] = f"Bearer {secret}"

    def request(self, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None) -> Any:
        url = path if path.startswith("/api/") else f"/api/v1{path}"
        call = getattr(self.client, method.lower())
        headers = {**self.headers, **(headers or {})}
        if method.lower() in ("get", "delete") and body is None:
            return call(url, headers=headers)
        return call(url, data=json.dumps(body if body is not None else {}), content_type="application/json",
                    headers=headers)

    def get(self, path: str, **query: Any) -> Any:
        url = path if path.startswith("/api/") else f"/api/v1{path}"
        return self.client.get(url, query, headers=self.headers)

    def post(self, path: str, body: Any = None) -> Any:
        return self.request("post", path, body)

    def patch(self, path: str, body: Any) -> Any:
        return self.request("patch", path, body)

    def put(self, path: str, body: Any, headers: dict[str, str] | None = None) -> Any:
        return self.request("put", path, body, headers)

    def delete(self, path: str) -> Any:
        return self.request("delete", path)

    def upload(self, path: str, name: str, data: bytes, description: str = "Passport copy") -> Any:
        from django.core.files.uploadedfile import SimpleUploadedFile

        url = f"/api/v1{path}"
        return self.client.post(url, {"file": SimpleUploadedFile(name, data), "description": description},
                                headers=self.headers)


FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # the tests create many users


ACTORS = ("counsellor", "manager", "staff", "admin", "auditor", "other_counsellor", "other_manager", "anonymous")


@dataclass
class World:
    unit: Unit
    other_unit: Unit
    users: dict[str, User | None] = field(default_factory=dict)
    main: Person | None = None
    child: Person | None = None
    spare: Person | None = None
    household: Household | None = None
    case: Case | None = None
    consent: Consent | None = None
    referral: Referral | None = None
    task: Task | None = None
    document: Document | None = None

    def ids(self) -> dict[str, int]:
        return {name: getattr(self, name).pk for name in (
            "main", "child", "spare", "household", "case", "consent", "referral", "task", "document")}


def build_world(make_user: Any, unit: Unit, other_unit: Unit) -> World:
    world = World(unit=unit, other_unit=other_unit)
    world.users = {
        "counsellor": make_user("sara", Role.COUNSELLOR, unit),
        "manager": make_user("maja", Role.MANAGER, unit),
        "staff": make_user("sten", Role.STAFF, unit),
        "admin": make_user("adam", Role.ADMIN, unit),
        "auditor": make_user("aina", Role.AUDITOR, unit),
        "other_counsellor": make_user("olle", Role.COUNSELLOR, other_unit),
        "other_manager": make_user("mats", Role.MANAGER, other_unit),
        "anonymous": None,
    }
    sara = world.users["counsellor"]
    world.main = people_actions.do_create_person(actor=sara, unit=unit, first_name="Amira", last_name="Haddad",
                                                 identity_number=pnr("811228", "987"))
    world.child = people_actions.do_create_person(actor=sara, unit=unit, first_name="Yusuf", last_name="Haddad",
                                                  birth_date=dt.date(2015, 3, 4))
    world.spare = people_actions.do_create_person(actor=sara, unit=unit, first_name="Karim", last_name="Haddad",
                                                  birth_date=dt.date(1979, 1, 2))
    world.household = people_actions.do_create_household(actor=sara, unit=unit, main_person=world.main)
    people_actions.do_add_household_member(actor=sara, household=world.household, person=world.child,
                                           relation=Relation.CHILD, lives_with_main_person=True)
    world.case = case_actions.do_open_case(actor=sara, unit=unit, household=world.household,
                                           destination_country="IQ")
    world.consent = case_actions.do_record_consent(
        actor=sara, case=world.case, person=world.main, recipient="migration_agency", recipient_name="",
        scope="The application for a return grant", given_on=dt.date.today(), method="written")
    world.referral = case_actions.do_send_referral(
        actor=sara, case=world.case, recipient="migration_agency", recipient_name="", purpose="Application",
        sent_on=dt.date.today())
    world.task = case_actions.do_add_task(actor=sara, case=world.case, kind="passport", title="Renew passport",
                                          due_on=dt.date.today() + dt.timedelta(days=7), owner=sara)
    world.document = case_actions.do_upload_document(actor=sara, case=world.case, name="pass.pdf", data=PDF,
                                                     description="Passport copy")
    return world


@dataclass
class RichWorld:
    """build_world, taken further: something in every list a case has, a protected spouse in the household,
    and a second case whose main person is protected. Sara is the counsellor of both cases; Sam is not."""

    world: World
    sam: User
    hidden: Person
    lone: Person
    lone_case: Case


def build_rich_world(world: World, make_user: Any) -> RichWorld:
    today = dt.date.today()
    sara, maja = world.users["counsellor"], world.users["manager"]
    sam = make_user("sam", Role.COUNSELLOR, world.unit)
    hidden = people_actions.do_create_person(
        actor=sara, unit=world.unit, first_name="Zainab", last_name="Qasemi", identity_number=pnr("850615", "123"),
        protected_identity=True, phone="070-123 45 67", email="zq@example.org", address="Hemliga gatan 1")
    people_actions.do_add_household_member(actor=sara, household=world.household, person=hidden,
                                           relation=Relation.SPOUSE, lives_with_main_person=None)
    grant = people_actions.do_grant_identity_access(actor=maja, person=hidden, user=sam, reason="Covers a leave")
    people_actions.do_revoke_identity_access(actor=maja, grant=grant)
    case = world.case
    case_actions.do_add_note(actor=sara, case=case, held_on=today, form="meeting", interpreter_used=True,
                             language="arabic", text="First meeting")
    case_actions.do_record_decision_basis(actor=sara, case=case, information_given="All of it", language="arabic",
                                          interpreter_used=True, knows_can_change_mind=True, recorded_on=today)
    second = case_actions.do_record_consent(actor=sara, case=case, person=world.child, recipient="iom",
                                            recipient_name="", scope="Travel", given_on=today, method="oral",
                                            document=world.document)
    case_actions.do_withdraw_consent(actor=sara, consent=second, withdrawn_on=today)
    case_actions.do_send_referral(actor=maja, case=case, recipient="social_services", recipient_name="",
                                  purpose="Urgent", sent_on=today, override_reason="Housing tonight")
    done = case_actions.do_add_task(actor=sara, case=case, kind="tickets", title="Tickets", due_on=today, owner=sara)
    case_actions.do_complete_task(actor=sara, task=done)
    case_actions.do_update_facts(actor=sara, case=case, facts={"settles_permanently": True})
    case_actions.do_run_eligibility(actor=sara, case=case)
    for target, data in [("counselling", {}), ("preparing_application", {}),
                         ("submitted", {"submitted_on": today, "migration_agency_case_number": "MV-1"}),
                         ("decided", {"decision": "granted", "decided_on": today, "decided_amount_sek": 40000}),
                         ("departure_planned", {"planned_departure_on": today}),
                         ("departed", {"departed_on": today})]:
        case = case_actions.do_transition(actor=sara, case=case, target=target, **data)
    payment = case_actions.do_record_payment(actor=sara, case=case, instalment=1, amount_sek=20000, decided_on=today)
    case_actions.do_mark_payment_received(actor=sara, payment=payment, received_on=today)
    follow_up = FollowUp.objects.filter(case=case).order_by("due_on").first()
    case_actions.do_record_follow_up(actor=sara, follow_up=follow_up, done_on=today, form="video", outcome="Fine")
    world.case = case
    lone = people_actions.do_create_person(actor=sara, unit=world.unit, first_name="Leyla", last_name="Demir",
                                           protected_identity=True, birth_date=dt.date(1990, 1, 2))
    household = people_actions.do_create_household(actor=sara, unit=world.unit, main_person=lone)
    lone_case = case_actions.do_open_case(actor=sara, unit=world.unit, household=household)
    case_actions.do_run_eligibility(actor=sara, case=lone_case)
    case_actions.do_create_inquiry(actor=world.users["staff"], unit=world.unit, channel="staff_referral", name="Ali",
                                   contact="070", language="", interpreter_needed=False, message="",
                                   consent_text="Agreed to be contacted")
    return RichWorld(world=world, sam=sam, hidden=hidden, lone=lone, lone_case=lone_case)
