"""Every write of persons and households: one transaction, one audit event.

Audit events name the personal fields that changed but never their values: the audit trail is read and
exported by auditors, and a protected identity must never leave the case.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hemvag.core import audit
from hemvag.core.models import Unit, User
from hemvag.core.permissions import as_user, authorize, has_permission
from hemvag.people.identity import InvalidIdentityNumber, parse_identity_number
from hemvag.people.models import Household, HouseholdMember, IdentityAccessGrant, Person, Relation
from hemvag.people.queries import holds_identity_access

PERSON_FIELDS = (
    "first_name", "last_name", "identity_number", "birth_date", "sex", "protected_identity", "languages",
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


def require_identity_access(actor: Any, person: Person) -> None:
    """Refuse to put a protected person into a household or case for someone a manager has not granted access
    to that identity: being assigned to a case must never be a way to unmask someone."""
    if not holds_identity_access(actor, person):
        raise PermissionDenied(_("This person has a protected identity. A manager must grant you access to it "
                                 "(with a reason) before you can add them to a household or case."))


def _grant(*, person: Person, user: User, reason: str, granted_by: User | None) -> IdentityAccessGrant:
    return IdentityAccessGrant.objects.create(person=person, user=user, reason=reason, granted_by=granted_by)


def register_person(*, actor: Any, unit: Unit, identity_number: str = "", birth_date: dt.date | None = None,
                    **fields: Any) -> Person:
    """Create a person; for callers that have already checked their actor's permission (a case action)."""
    person = Person(unit=unit, **fields)
    _apply_identity(person, identity_number, birth_date)
    person.full_clean()
    person.save()
    changes = redacted_changes({}, _values(person))
    user = as_user(actor)
    if person.protected_identity and user is not None:
        # Whoever registers a protected person has typed the details in: they keep access, and nobody else.
        _grant(person=person, user=user, reason=str(_("Registered the person.")), granted_by=user)
        changes["identity_access"] = {"before": None, "after": user.get_username()}
    audit.record(actor=user, verb="person.created", object_type="person", object_id=person.pk, unit=unit,
                 changes=changes)
    return person


@transaction.atomic
def do_create_person(*, actor: Any, unit: Unit, identity_number: str = "",
                     birth_date: dt.date | None = None, **fields: Any) -> Person:
    authorize(actor, "people.edit_person", unit)
    return register_person(actor=actor, unit=unit, identity_number=identity_number, birth_date=birth_date,
                           **fields)


@transaction.atomic
def do_update_person(*, actor: Any, person: Person, identity_number: str | None = None,
                     birth_date: dt.date | None = None, **fields: Any) -> Person:
    authorize(actor, "people.edit_person", person)
    # FOR NO KEY UPDATE: a plain FOR UPDATE would block the foreign-key checks (KEY SHARE, at commit) of a
    # household member or case added for this person at the same time, which hold the audit chain's lock.
    person = Person.objects.select_for_update(no_key=True).get(pk=person.pk)
    if not holds_identity_access(actor, person):
        raise PermissionDenied(_("This person has a protected identity that you have no access to."))
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
    user = as_user(actor)
    if person.protected_identity and not before["protected_identity"] and user is not None \
            and not holds_identity_access(actor, person):
        _grant(person=person, user=user, reason=str(_("Marked the identity as protected.")), granted_by=user)
        changes["identity_access"] = {"before": None, "after": user.get_username()}
    if changes:
        person.save()
        audit.record(actor=user, verb="person.changed", object_type="person", object_id=person.pk,
                     unit=person.unit, changes=changes)
    return person


def create_household(*, actor: Any, unit: Unit, main_person: Person) -> Household:
    """A household around its main person; for callers that have already checked their actor's permission."""
    if main_person.unit_id != unit.pk:
        raise ValidationError({"main_person": _("Choose a person registered in the household's unit.")})
    require_identity_access(actor, main_person)
    household = Household.objects.create(unit=unit)
    HouseholdMember.objects.create(household=household, person=main_person, relation=Relation.MAIN_APPLICANT,
                                   lives_with_main_person=True, added_by=as_user(actor))
    audit.record(actor=as_user(actor), verb="household.created", object_type="household", object_id=household.pk,
                 unit=unit, changes={"main_person": {"before": None, "after": main_person.pk}})
    return household


@transaction.atomic
def do_create_household(*, actor: Any, unit: Unit, main_person: Person) -> Household:
    authorize(actor, "people.edit_person", unit)
    return create_household(actor=actor, unit=unit, main_person=main_person)


def add_household_member(*, actor: Any, household: Household, person: Person, relation: Relation,
                         lives_with_main_person: bool | None) -> HouseholdMember:
    """For callers that have already checked their actor's permission."""
    if relation == Relation.MAIN_APPLICANT:
        raise ValidationError({"relation": _("A household has one main person; choose another relation.")})
    if person.unit_id != household.unit_id:
        raise ValidationError({"person_id": _("Choose a person registered in the household's unit.")})
    require_identity_access(actor, person)
    if household.members.filter(person=person).exists():
        raise ValidationError({"person": _("This person is already in the household.")})
    member = HouseholdMember.objects.create(household=household, person=person, relation=relation,
                                            lives_with_main_person=lives_with_main_person, added_by=as_user(actor))
    audit.record(actor=as_user(actor), verb="household.member_added", object_type="household",
                 object_id=household.pk, unit=household.unit,
                 changes={"member": {"before": None, "after": person.pk},
                          "relation": {"before": None, "after": str(relation)}})
    return member


@transaction.atomic
def do_add_household_member(*, actor: Any, household: Household, person: Person, relation: Relation,
                            lives_with_main_person: bool | None) -> HouseholdMember:
    authorize(actor, "people.edit_person", household)
    return add_household_member(actor=actor, household=household, person=person, relation=relation,
                                lives_with_main_person=lives_with_main_person)


def register_household_member(*, actor: Any, household: Household, relation: Relation,
                              lives_with_main_person: bool | None, **person_fields: Any) -> HouseholdMember:
    """A new person added to the household: both or neither (the caller's transaction)."""
    person = register_person(actor=actor, unit=household.unit, **person_fields)
    return add_household_member(actor=actor, household=household, person=person, relation=relation,
                                lives_with_main_person=lives_with_main_person)


@transaction.atomic
def do_register_household_member(*, actor: Any, household: Household, relation: Relation,
                                 lives_with_main_person: bool | None, **person_fields: Any) -> HouseholdMember:
    """Register a new person and add them to the household: both or neither."""
    authorize(actor, "people.edit_person", household)
    return register_household_member(actor=actor, household=household, relation=relation,
                                     lives_with_main_person=lives_with_main_person, **person_fields)


@transaction.atomic
def do_remove_household_member(*, actor: Any, member: HouseholdMember) -> None:
    authorize(actor, "people.edit_person", member.household)
    if member.relation == Relation.MAIN_APPLICANT:
        raise ValidationError(_("The main person cannot be removed from the household."))
    household, person_id = member.household, member.person_id
    member.delete()
    audit.record(actor=as_user(actor), verb="household.member_removed", object_type="household",
                 object_id=household.pk, unit=household.unit,
                 changes={"member": {"before": person_id, "after": None}})


@transaction.atomic
def do_grant_identity_access(*, actor: Any, person: Person, user: User, reason: str) -> IdentityAccessGrant:
    """A manager lets one counsellor of the person's unit see and work with a protected identity."""
    authorize(actor, "people.grant_identity_access", person)
    if not person.protected_identity:
        raise ValidationError({"person": _("This person has no protected identity; no grant is needed.")})
    if not has_permission(user, "people.edit_person", person.unit_id):
        raise ValidationError({"user": _("Choose a counsellor of the person's unit.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Write why this counsellor needs access to the protected identity.")})
    if len(reason) > IdentityAccessGrant._meta.get_field("reason").max_length:
        raise ValidationError({"reason": _("Write the reason in at most 1,000 characters.")})
    if IdentityAccessGrant.objects.filter(person=person, user=user, revoked_at__isnull=True).exists():
        raise ValidationError({"user": _("This counsellor already has access to the identity.")})
    grant = _grant(person=person, user=user, reason=reason.strip(), granted_by=as_user(actor))
    audit.record(actor=as_user(actor), verb="person.identity_access_granted", object_type="person",
                 object_id=person.pk, unit=person.unit,
                 changes={"identity_access": {"before": None, "after": user.get_username()},
                          "reason": {"before": None, "after": grant.reason}})
    return grant


@transaction.atomic
def do_revoke_identity_access(*, actor: Any, grant: IdentityAccessGrant) -> IdentityAccessGrant:
    authorize(actor, "people.grant_identity_access", grant.person)
    if grant.revoked_at is None:
        grant.revoked_at, grant.revoked_by = timezone.now(), as_user(actor)
        grant.save(update_fields=["revoked_at", "revoked_by"])
        audit.record(actor=as_user(actor), verb="person.identity_access_revoked", object_type="person",
                     object_id=grant.person_id, unit=grant.person.unit,
                     changes={"identity_access": {"before": grant.user.get_username(), "after": None}})
    return grant

