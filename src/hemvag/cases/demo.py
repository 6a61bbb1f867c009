"""About 40 synthetic cases across stages, countries, household sizes and both grant regimes, so that every
screen has something to show — and a second counsellor with cases in the other municipality.

All names are invented; no demo person has an identity number (a made-up number could be someone's real
one), only a date of birth. Everything is written through the actions, like any other change.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.db import transaction
from django.utils import timezone

from hemvag.cases import actions
from hemvag.cases.models import Case, DecisionOutcome, Programme, Recipient, Stage, TaskKind
from hemvag.core import actions as core_actions
from hemvag.core.demo import DEMO_PASSWORD
from hemvag.core.models import Role, Unit, User
from hemvag.core.permissions import SYSTEM
from hemvag.core.plugins import DemoOutcome
from hemvag.people.actions import do_add_household_member, do_create_household, do_create_person
from hemvag.people.models import Relation

FIRST_NAMES = ["Amina", "Hassan", "Leyla", "Omar", "Fatima", "Emir", "Selma", "Yusuf", "Nour", "Dario", "Hodan",
               "Farid", "Zahra", "Adnan", "Mina", "Jamal", "Lejla", "Abdi", "Sahar", "Kenan"]
LAST_NAMES = ["Demo-Haddad", "Demo-Begović", "Demo-Warsame", "Demo-Rahimi", "Demo-Karimi", "Demo-Hodžić",
              "Demo-Abdullahi", "Demo-Nasser", "Demo-Mahmoud", "Demo-Osmanović"]
COUNTRIES = ["IQ", "BA", "SO", "AF", "ER", "LB", "ET", "IR", "SY", "PS"]
LANGUAGES = {"IQ": "arabiska", "BA": "bosniska", "SO": "somaliska", "AF": "dari", "ER": "tigrinja",
             "LB": "arabiska", "ET": "amhariska", "IR": "persiska", "SY": "arabiska", "PS": "arabiska"}
# How far along the demo cases are: (stage reached, how many cases).
STAGE_MIX = [
    (Stage.INQUIRY, 5), (Stage.COUNSELLING, 6), (Stage.PREPARING_APPLICATION, 5), (Stage.SUBMITTED, 4),
    (Stage.DECIDED, 3), (Stage.DEPARTURE_PLANNED, 3), (Stage.DEPARTED, 3), (Stage.FOLLOW_UP, 3),
    (Stage.CLOSED, 2), (Stage.WITHDRAWN, 3), (Stage.CLOSED_WITHOUT_APPLICATION, 2),
]
PATH = [Stage.COUNSELLING, Stage.PREPARING_APPLICATION, Stage.SUBMITTED, Stage.DECIDED, Stage.DEPARTURE_PLANNED,
        Stage.DEPARTED, Stage.FOLLOW_UP, Stage.CLOSED]
SECOND_COUNSELLOR = ("counsellor2", "Anders", "Wik (demo)")


def _birth(rng: random.Random, age: int, today: dt.date) -> dt.date:
    return today - dt.timedelta(days=age * 365 + rng.randint(0, 364))


def _household(rng: random.Random, actor: User, unit: Unit, country: str, today: dt.date, protected: bool) -> Any:
    family = rng.choice(LAST_NAMES)
    language = LANGUAGES[country]
    main = do_create_person(actor=actor, unit=unit, first_name=rng.choice(FIRST_NAMES), last_name=family,
                            birth_date=_birth(rng, rng.randint(24, 70), today), languages=language,
                            interpreter_needed=rng.random() < 0.5, interpreter_language=language,
                            protected_identity=protected, phone=f"070-000 {rng.randint(10, 99)} {rng.randint(10, 99)}")
    household = do_create_household(actor=actor, unit=unit, main_person=main)
    if rng.random() < 0.6:
        spouse = do_create_person(actor=actor, unit=unit, first_name=rng.choice(FIRST_NAMES), last_name=family,
                                  birth_date=_birth(rng, rng.randint(24, 65), today), languages=language,
                                  protected_identity=protected)
        do_add_household_member(actor=actor, household=household, person=spouse, relation=Relation.SPOUSE,
                                lives_with_main_person=True)
    for _child in range(rng.choice([0, 0, 1, 2, 3, 5])):
        child = do_create_person(actor=actor, unit=unit, first_name=rng.choice(FIRST_NAMES), last_name=family,
                                 birth_date=_birth(rng, rng.randint(1, 17), today), languages=language,
                                 protected_identity=protected)
        do_add_household_member(actor=actor, household=household, person=child, relation=Relation.CHILD,
                                lives_with_main_person=True)
    return household


def _facts(rng: random.Random, case: Case, application: dt.date) -> dict[str, Any]:
    members = []
    for member in case.household.members.select_related("person").order_by("pk"):
        main = member.relation == Relation.MAIN_APPLICANT
        earliest = max(member.person.birth_date + dt.timedelta(days=30), dt.date(2015, 1, 1))
        latest = max(earliest, application - dt.timedelta(days=60))
        granted = earliest + dt.timedelta(days=rng.randint(0, (latest - earliest).days))
        members.append({
            "id": f"p{member.person_id}", "swedish_citizen": False, "registered_in_sweden": True,
            "debts_to_authorities": rng.random() < 0.1 if main else None, "can_pay_journey": False,
            "has_valid_national_passport": rng.random() < 0.8, "received_grant_before": False,
            "special_reasons_accepted": None,
            "permit": {"ground": rng.choice(["refugee", "subsidiary_protection", "quota_refugee"]) if main
                       else "family_ties",
                       "granted_on": granted.isoformat(),
                       "permanent": True, "valid": True},
            "asylum": {"outcome": "none", "decided_on": None, "admission_likely": None},
        })
    return {"application_date": application.isoformat(), "settles_permanently": True, "in_sweden": True,
            "members": members}


STEP_DATA = {
    Stage.SUBMITTED: lambda rng, day: {"submitted_on": day,
                                       "migration_agency_case_number": f"MV-DEMO-{rng.randint(1000, 9999)}"},
    Stage.DECIDED: lambda rng, day: {"decision": DecisionOutcome.GRANTED, "decided_on": day,
                                     "decided_amount_sek": None, "decision_reasons": "Demo: beviljat enligt ansökan."},
    Stage.DEPARTURE_PLANNED: lambda rng, day: {"planned_departure_on": day + dt.timedelta(days=30)},
    Stage.DEPARTED: lambda rng, day: {"departed_on": day},
}


def _walk(rng: random.Random, actor: User, case: Case, goal: Stage, start: dt.date, today: dt.date) -> Case:
    """Take the case along the normal path to `goal`, with dates spread between `start` and today."""
    if goal in (Stage.WITHDRAWN, Stage.CLOSED_WITHOUT_APPLICATION):
        case = actions.do_transition(actor=actor, case=case, target=Stage.COUNSELLING)
        return actions.do_transition(actor=actor, case=case, target=goal, note="Demo")
    steps = PATH[: PATH.index(goal) + 1] if goal in PATH else []
    day = start
    for target in steps:
        day = min(day + dt.timedelta(days=rng.randint(10, 40)), today)
        data = STEP_DATA[target](rng, day) if target in STEP_DATA else {}
        if target == Stage.DECIDED:
            snapshot = case.eligibility_snapshots.first()
            amount = snapshot.result["results"][0].get("amount_sek") if snapshot else None
            data["decided_amount_sek"] = amount or 10000
        if target == Stage.DEPARTED:
            data["departed_on"] = today - dt.timedelta(days=rng.choice([5, 25, 40, 100]))
        case = actions.do_transition(actor=actor, case=case, target=target, **data)
    return case


def _fill(rng: random.Random, actor: User, case: Case, goal: Stage, start: dt.date, today: dt.date) -> Case:
    stage_index = PATH.index(goal) if goal in PATH else -1
    if stage_index >= 0:
        actions.do_add_note(actor=actor, case=case, held_on=start, form="meeting", interpreter_used=True,
                            language=LANGUAGES.get(case.destination_country, "arabiska"),
                            text="Demo: första samtalet om vad återvandring innebär, bidragen och villkoren.")
        actions.do_record_decision_basis(
            actor=actor, case=case, recorded_on=start, language="svenska", interpreter_used=False,
            knows_can_change_mind=True,
            information_given="Demo: information om återvandringsbidraget, uppehållstillståndet "
                              "och att valet är ens eget.")
    if stage_index >= 1:
        main = case.household.members.get(relation=Relation.MAIN_APPLICANT).person
        actions.do_record_consent(actor=actor, case=case, person=main, recipient=Recipient.MIGRATION_AGENCY,
                                  recipient_name="", scope="Uppgifter som behövs för ansökan om återvandringsbidrag.",
                                  given_on=start, method="written")
        actions.do_update_facts(actor=actor, case=case, facts=_facts(rng, case, start + dt.timedelta(days=20)),
                                run=True)
        actions.do_send_referral(actor=actor, case=case, recipient=Recipient.MIGRATION_AGENCY, recipient_name="",
                                 purpose="Stöd i kontakten om ansökan.", sent_on=start + dt.timedelta(days=1))
    if 0 <= stage_index <= 5:
        due = today + dt.timedelta(days=rng.randint(-20, 30))
        actions.do_add_task(actor=actor, case=case, kind=TaskKind.PASSPORT, title="Beställ pass på ambassaden",
                            due_on=due, owner=case.assigned_counsellor or actor, as_of=min(due, start))
    return _walk(rng, actor, case, goal, start, today)


def _counsellor2(actor: Any, unit: Unit) -> User:
    username, first, last = SECOND_COUNSELLOR
    user = User.objects.filter(username=username).first() or core_actions.do_create_user(
        actor=actor, username=username, password=DEMO_PASSWORD, first_name=first, last_name=last)
    core_actions.do_set_membership(actor=actor, user=user, unit=unit, role=Role.COUNSELLOR)
    return user


def _cases_for(unit: Unit, counsellor: User, mix: list[tuple[Stage, int]], seed: int) -> int:
    rng = random.Random(seed)
    today = timezone.localdate()
    created = 0
    for goal, count in mix:
        for _n in range(count):
            country = rng.choice(COUNTRIES)
            household = _household(rng, counsellor, unit, country, today, protected=created % 17 == 5)
            programme = Programme.REINTEGRATION_SUPPORT if country in {"AF", "SO"} and rng.random() < 0.3 \
                else Programme.RETURN_GRANT
            case = actions.do_open_case(actor=counsellor, unit=unit, household=household, programme=programme,
                                        destination_country=country)
            # Spread start dates over both regimes: before and after 2026-01-01.
            start = today - dt.timedelta(days=rng.randint(40, 420))
            _fill(rng, counsellor, case, goal, start, today)
            created += 1
    return created


@transaction.atomic
def load() -> int:
    """Create the demo cases once per unit; returns how many were created now."""
    created = 0
    stockholm = Unit.objects.get(code="sth-fa")
    goteborg = Unit.objects.get(code="gbg-fa")
    if not Case.objects.filter(unit=stockholm).exists():
        created += _cases_for(stockholm, User.objects.get(username="counsellor"), STAGE_MIX, seed=2026)
        staff = User.objects.get(username="staff")
        actions.do_create_inquiry(actor=staff, unit=stockholm, channel="staff_referral", name="Demo-person Hänvisad",
                                  contact="Nås via socialsekreteraren", language="arabiska",
                                  interpreter_needed=True, message="Vill veta mer om återvandringsbidraget.",
                                  consent_text="Den enskilde har muntligen samtyckt till att uppgifterna lämnas.")
        created += 1
    counsellor2 = _counsellor2(SYSTEM, goteborg)
    if not Case.objects.filter(unit=goteborg).exists():
        created += _cases_for(goteborg, counsellor2, [(Stage.COUNSELLING, 2), (Stage.SUBMITTED, 2),
                                                      (Stage.DEPARTED, 1), (Stage.WITHDRAWN, 1)], seed=1480)
    return created


def demo_step(*, create: bool) -> DemoOutcome:
    """About 40 cases in Stockholm and 6 in Göteborg, over every stage and both regimes."""
    summary = f"Demo cases created: {load()}." if create else ""
    unit = Unit.objects.filter(code="gbg-fa").first()
    return DemoOutcome(summary=summary, logins=((SECOND_COUNSELLOR[0], str(Role.COUNSELLOR.label),
                                                 unit.name if unit else ""),))


# --- the history of earlier years: a unit of its own ---------------------------------------------------------

HISTORY_UNIT = ("sth-hist", "Frivillig återvandring – tidigare register")
HISTORY_SEED = 2013


def _history_unit() -> Unit:
    """The earlier register's own unit, beside the working one: cases dated before 2026 never go into that."""
    code, name = HISTORY_UNIT
    working = Unit.objects.select_related("municipality").get(code="sth-fa")
    unit = Unit.objects.filter(code=code).first() or core_actions.do_create_unit(
        actor=SYSTEM, municipality=working.municipality, name=name, kind=working.kind, code=code)
    for username, role in (("manager", Role.MANAGER), ("admin", Role.ADMIN)):
        user = User.objects.filter(username=username).first()
        if user is not None:
            core_actions.do_set_membership(actor=SYSTEM, user=user, unit=unit, role=role)
    return unit


def history_step(*, create: bool) -> DemoOutcome:
    """Stockholm's register since 2013 (synthetic), imported like any earlier register; again, it adds nothing."""
    if not create:
        return DemoOutcome()
    from hemvag.cases import synthetic  # the generator is needed only here

    unit = _history_unit()
    summary = actions.do_import_register(actor=SYSTEM, unit=unit, cases=synthetic.history(seed=HISTORY_SEED),
                                         sha256=synthetic.fingerprint(0, HISTORY_SEED, 2013))
    return DemoOutcome(summary=f"Demo history ({unit.code}): {summary.cases_created} cases imported, "
                               f"{summary.cases_existing} already there.")
