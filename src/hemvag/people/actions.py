"""Every write of persons and households: one transaction, one audit event.

Audit events name the personal fields that changed but never their values: the audit trail is read and
exported by auditors, and a protected identity must never leave the case.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hemvag.core import audit
from hemvag.core.models import Unit, User
from hemvag.people.identity import InvalidIdentityNumber, parse_identity_number
from hemvag.people.models import Household, HouseholdMember, Person, Relation

PERSON_FIELDS = (
    "first_name", "last_name", "identity_number", "birth_date", "protected_identity", "languages",
    "interpreter_needed", "interpreter_language", "phone", "email", "address", "contact_notes",
)
# Fields whose values may appear in the audit trail; the rest are recorded as changed, value withheld.
NON_PERSONAL_FIELDS = {"protected_identity", "interpreter_needed", "languages", "interpreter_language"}
WITHHELD = "(withheld)"


def redacted_changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, dict[str, Any]]:
    changes = audit.diff(before, after)
    for field, change in changes.items():
        if field not in NON_PERSONAL_FIELDS:
            change["before"] = WITHHELD if change["before"] not in (None, "") else change["before"]
            change["after"] = WITHHELD if change["after"] not in (None, "") else change["after"]
    return changes


def _apply_identity(person: Person, raw_number: str | None, birth_date: dt.date | None) -> None:
    """Store the number in its one normalised form; it also fixes the birth date."""
    if raw_number:
        try:
            number = parse_identity_number(raw_number)
        except InvalidIdentityNumber as error:
            raise ValidationError({"identity_number": str(error)}) from None
        person.identity_number = number.normalised
        person.is_coordination_number = number.is_coordination
        person.birth_date = number.birth_date
    else:
        person.identity_number = ""
        person.is_coordination_number = False
        person.birth_date = birth_date


def _values(person: Person) -> dict[str, Any]:
    return {field: getattr(person, field) for field in PERSON_FIELDS}


@transaction.atomic
def do_create_person(*, actor: User | None, unit: Unit, identity_number: str = "",
                     birth_date: dt.date | None = None, **fields: Any) -> Person:
    person = Person(unit=unit, **fields)
    _apply_identity(person, identity_number, birth_date)
    person.full_clean()
    person.save()
    audit.record(actor=actor, verb="person.created", object_type="person", object_id=person.pk, unit=unit,
                 changes=redacted_changes({}, _values(person)))
    return person


@transaction.atomic
def do_update_person(*, actor: User, person: Person, identity_number: str | None = None,
                     birth_date: dt.date | None = None, **fields: Any) -> Person:
    person = Person.objects.select_for_update().get(pk=person.pk)
    before = _values(person)
    for field, value in fields.items():
        if field not in PERSON_FIELDS:
            raise ValueError(f"{field} is not a person field")
        setattr(person, field, value)
    if identity_number is not None:
        _apply_identity(person, identity_number, birth_date)
    elif birth_date is not None and not person.identity_number:
        person.birth_date = birth_date
    person.full_clean()
    changes = redacted_changes(before, _values(person))
    if changes:
        person.save()
        audit.record(actor=actor, verb="person.changed", object_type="person", object_id=person.pk,
                     unit=person.unit, changes=changes)
    return person


@transaction.atomic
def do_create_household(*, actor: User | None, unit: Unit, main_person: Person) -> Household:
    household = Household.objects.create(unit=unit)
    HouseholdMember.objects.create(household=household, person=main_person, relation=Relation.MAIN_APPLICANT,
                                   lives_with_main_person=True, added_by=actor)
    audit.record(actor=actor, verb="household.created", object_type="household", object_id=household.pk,
                 unit=unit, changes={"main_person": {"before": None, "after": main_person.pk}})
    return household


@transaction.atomic
def do_add_household_member(*, actor: User, household: Household, person: Person, relation: Relation,
                            lives_with_main_person: bool | None) -> HouseholdMember:
    if relation == Relation.MAIN_APPLICANT:
        raise ValidationError({"relation": _("A household has one main person; choose another relation.")})
    if household.members.filter(person=person).exists():
        raise ValidationError({"person": _("This person is already in the household.")})
    member = HouseholdMember.objects.create(household=household, person=person, relation=relation,
                                            lives_with_main_person=lives_with_main_person, added_by=actor)
    audit.record(actor=actor, verb="household.member_added", object_type="household", object_id=household.pk,
                 unit=household.unit, changes={"member": {"before": None, "after": person.pk},
                                               "relation": {"before": None, "after": str(relation)}})
    return member


@transaction.atomic
def do_register_household_member(*, actor: User, household: Household, relation: Relation,
                                 lives_with_main_person: bool | None, **person_fields: Any) -> HouseholdMember:
    """Register a new person and add them to the household: both or neither."""
    person = do_create_person(actor=actor, unit=household.unit, **person_fields)
    return do_add_household_member(actor=actor, household=household, person=person, relation=relation,
                                   lives_with_main_person=lives_with_main_person)


@transaction.atomic
def do_remove_household_member(*, actor: User, member: HouseholdMember) -> None:
    if member.relation == Relation.MAIN_APPLICANT:
        raise ValidationError(_("The main person cannot be removed from the household."))
    household, person_id = member.household, member.person_id
    member.delete()
    audit.record(actor=actor, verb="household.member_removed", object_type="household", object_id=household.pk,
                 unit=household.unit, changes={"member": {"before": person_id, "after": None}})
