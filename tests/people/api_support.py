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
from hemvag.cases.models import Case, Consent, Document, Referral, Task
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

    def request(self, method: str, path: str, body: Any = None) -> Any:
        url = path if path.startswith("/api/") else f"/api/v1{path}"
        call = getattr(self.client, method.lower())
        if method.lower() in ("get", "delete") and body is None:
            return call(url, headers=self.headers)
        return call(url, data=json.dumps(body if body is not None else {}), content_type="application/json",
                    headers=self.headers)

    def get(self, path: str, **query: Any) -> Any:
        url = path if path.startswith("/api/") else f"/api/v1{path}"
        return self.client.get(url, query, headers=self.headers)

    def post(self, path: str, body: Any = None) -> Any:
        return self.request("post", path, body)

    def patch(self, path: str, body: Any) -> Any:
        return self.request("patch", path, body)

    def put(self, path: str, body: Any) -> Any:
        return self.request("put", path, body)

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
