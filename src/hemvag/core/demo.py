"""Synthetic demonstration data for the core: municipalities, units and one user per role.

Everything here is invented. Idempotent: running it again changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from hemvag.core import actions
from hemvag.core.models import Municipality, Role, Unit, UnitKind, User
from hemvag.core.permissions import SYSTEM
from hemvag.core.plugins import DemoOutcome

DEMO_PASSWORD = "hemvag-demo-2026"  # noqa: S105  (synthetic demo accounts, printed on purpose)
# The demo admin's and auditor's authenticator app: `hemvag otp code USERNAME` prints its current code (only for
# devices of this name, which only the demo makes).
DEMO_DEVICE_NAME = "demo"
SECOND_FACTOR_NOTE = ("admin and auditor confirm each sign-in with a code from their authenticator app: for the demo, "
                      "`.venv/bin/hemvag otp code admin` (or auditor) prints it (docs/sign-in.md).")


@dataclass(frozen=True)
class DemoUnit:
    code: str
    name: str
    kind: UnitKind
    municipality_code: str
    reference_prefix: str  # what migration core 0004 derives from the code too, so old and new demos agree


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: Role
    unit_code: str


SECOND_FACTOR_ROLES = (Role.ADMIN, Role.AUDITOR)  # what core.twofactor asks a second factor of
MUNICIPALITIES = (("0180", "Stockholms stad"), ("1480", "Göteborgs stad"))
UNITS = (
    DemoUnit("sth-fa", "Frivillig återvandring", UnitKind.VOLUNTARY_RETURN, "0180", "STH"),
    DemoUnit("sth-soc", "Socialförvaltningen", UnitKind.SOCIAL_SERVICES, "0180", "STS"),
    DemoUnit("sth-amf", "Arbetsmarknadsförvaltningen", UnitKind.LABOUR_MARKET, "0180", "STA"),
    DemoUnit("sth-sdf-norr", "Stadsdelsförvaltning Norr", UnitKind.DISTRICT_OFFICE, "0180", "STD"),
    DemoUnit("gbg-fa", "Återvandringsrådgivning Göteborg", UnitKind.VOLUNTARY_RETURN, "1480", "GBG"),
)
USERS = (
    DemoUser("counsellor", "Sara", "Lindqvist (demo)", Role.COUNSELLOR, "sth-fa"),
    DemoUser("staff", "Omar", "Nilsson (demo)", Role.STAFF, "sth-soc"),
    DemoUser("manager", "Eva", "Berg (demo)", Role.MANAGER, "sth-fa"),
    DemoUser("admin", "Jonas", "Ek (demo)", Role.ADMIN, "sth-fa"),
    DemoUser("auditor", "Maria", "Holm (demo)", Role.AUDITOR, "sth-fa"),
)


@transaction.atomic
def load() -> list[DemoUser]:
    municipalities = {
        code: Municipality.objects.filter(code=code).first()
        or actions.do_create_municipality(actor=SYSTEM, name=name, code=code)
        for code, name in MUNICIPALITIES
    }
    units = {
        spec.code: Unit.objects.filter(code=spec.code).first()
        or actions.do_create_unit(
            actor=SYSTEM, municipality=municipalities[spec.municipality_code], name=spec.name, kind=spec.kind,
            code=spec.code, reference_prefix=spec.reference_prefix,
        )
        for spec in UNITS
    }
    for spec in USERS:
        user = User.objects.filter(username=spec.username).first() or actions.do_create_user(
            actor=SYSTEM, username=spec.username, password=DEMO_PASSWORD, first_name=spec.first_name,
            last_name=spec.last_name,
        )
        actions.do_set_membership(actor=SYSTEM, user=user, unit=units[spec.unit_code], role=spec.role)
        if spec.role in SECOND_FACTOR_ROLES and not TOTPDevice.objects.filter(user=user).exists():
            actions.do_enrol_second_factor(actor=SYSTEM, user=user, key=actions.new_second_factor_key(), token=None,
                                           name=DEMO_DEVICE_NAME)
    return list(USERS)


def is_empty() -> bool:
    return not Unit.objects.exists()


def demo_step(*, create: bool) -> DemoOutcome:
    """The first demo step: municipalities, units and users (their logins are printed either way)."""
    if create:
        load()
    units = {unit.code: unit.name for unit in UNITS}
    return DemoOutcome(logins=tuple((user.username, str(user.role.label), units[user.unit_code]) for user in USERS))
