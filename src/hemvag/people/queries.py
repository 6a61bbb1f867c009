"""Every read of persons and households, limited to what the actor may see.

A person belongs to the unit that registered them; the actor sees the persons of the units where they hold
`people.view_person`. A protected identity is revealed only to a counsellor who holds a manager's grant for
that person *and* is the assigned counsellor of a case that includes them; everyone else gets it masked.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.db.models import Case, Exists, OuterRef, Q, QuerySet, When
from django.http import Http404
from django.utils.translation import gettext as _

from hemvag.core.actions import record_access, record_accesses
from hemvag.core.models import AccessPurpose, Unit, User
from hemvag.core.permissions import SYSTEM, units_where
from hemvag.core.sql import among
from hemvag.people.identity import InvalidIdentityNumber, looks_like_identity_number, parse_identity_number
from hemvag.people.models import Household, HouseholdMember, IdentityAccessGrant, Person, PersonName
from hemvag.people.privacy import PersonView, show_person


def visible_persons(actor: User) -> QuerySet[Person]:
    """The persons of the units where the actor may read person records."""
    return Person.objects.filter(unit_id__in=units_where(actor, "people.view_person"))


def holds_identity_access(actor: Any, person: Person) -> bool:
    """May the actor put this person into a household or case? Always for an unprotected person; for a
    protected one only with an active grant (the command line, SYSTEM, may)."""
    if not person.protected_identity or actor is SYSTEM:
        return True
    return bool(getattr(actor, "is_authenticated", False)) and IdentityAccessGrant.objects.filter(
        person=person, user=actor, revoked_at__isnull=True).exists()


def granted_person_ids(actor: User, person_ids: Iterable[int]) -> set[int]:
    """Of these persons, those the actor holds an active identity grant for."""
    return set(IdentityAccessGrant.objects.filter(user=actor, revoked_at__isnull=True, person_id__in=list(person_ids))
               .values_list("person_id", flat=True))


def revealed_memberships(actor: User) -> QuerySet[HouseholdMember]:
    """Household memberships whose person is unmasked for the actor: the actor holds an identity grant for the
    person *and* is the assigned counsellor of a case of that household (in a unit where they read cases).
    Both are needed: the grant is the deliberate decision, the assignment keeps it to the case at hand."""
    return HouseholdMember.objects.filter(
        household__cases__assigned_counsellor=actor,
        household__cases__unit_id__in=units_where(actor, "cases.view_case"),
        person__identity_grants__user=actor, person__identity_grants__revoked_at__isnull=True,
    )


def revealed_person_ids(actor: User, person_ids: list[int] | None = None) -> set[int]:
    """Of the given persons (or all), the protected ones shown unmasked to the actor."""
    members = revealed_memberships(actor)
    if person_ids is not None:
        members = members.filter(person_id__in=person_ids)
    return set(members.values_list("person_id", flat=True))


def reveals_person(actor: User, person: Person) -> bool:
    return not person.protected_identity or person.pk in revealed_person_ids(actor, [person.pk])


def person_views(actor: User, persons: list[Person]) -> list[PersonView]:
    protected = [p.pk for p in persons if p.protected_identity]
    revealed = revealed_person_ids(actor, protected) if protected else set()
    return [show_person(p, reveal_protected=p.pk in revealed) for p in persons]


def person_view(actor: User, person: Person) -> PersonView:
    return person_views(actor, [person])[0]


def person_list(actor: User, text: str = "") -> QuerySet[Person]:
    """The actor's persons, optionally searched by name or identity number (any common format).

    A protected person matches a search only for the counsellor they are revealed to, so a search never
    tells anyone else that a person with a protected identity is registered.
    """
    persons = visible_persons(actor)
    text = text.strip()
    if not text:
        return persons
    if looks_like_identity_number(text):
        try:
            number = parse_identity_number(text).normalised
        except InvalidIdentityNumber:
            return persons.none()
        match = Q(identity_number=number)
    else:
        match = name_match(text)
    revealed = revealed_memberships(actor).filter(person_id=OuterRef("pk"))
    return persons.filter(match).filter(Q(protected_identity=False) | Q(Exists(revealed)))


def name_match(text: str) -> Q:
    """The persons with every word of the text somewhere in their first or family name, in any letter case.
    On PostgreSQL each word is looked up among the register's distinct names first (PersonName says why)."""
    match = Q()
    for word in text.split():
        if connection.vendor == "postgresql":
            names = list(PersonName.objects.filter(name__icontains=word).values_list("name", flat=True))
            match &= among("first_name", names) | among("last_name", names)
        else:
            match &= Q(first_name__icontains=word) | Q(last_name__icontains=word)
    return match


def log_listed(actor: User, persons: list[Person], *, searched: bool) -> None:
    """Every person a list or search result showed is logged (the register extract says who saw them).
    The search text itself may be personal data and is not logged."""
    record_accesses(actor=actor, purpose=AccessPurpose.SEARCH if searched else AccessPurpose.LIST,
                    looks=[("person", p.pk, p.unit_id, p.pk) for p in persons], reason="person list")


def person_for_reading(actor: User, person_id: int) -> Person:
    """One person the actor may read, logged as looked at."""
    person = visible_persons(actor).select_related("unit").filter(pk=person_id).first()
    if person is None:
        raise Http404
    record_access(actor=actor, purpose=AccessPurpose.VIEW, object_type="person", object_id=person.pk,
                  unit=person.unit, person_id=person.pk)
    return person


def person_in_edit_unit(actor: User, person_id: int) -> Person:
    """A person of a unit where the actor may register persons and households (possibly masked for them: the
    action then asks for an identity grant, which the registering counsellor holds)."""
    person = visible_persons(actor).select_related("unit").filter(pk=person_id).first()
    if person is None:
        raise Http404
    if person.unit_id not in units_where(actor, "people.edit_person"):
        raise PermissionDenied
    return person


def person_for_edit(actor: User, person_id: int) -> Person:
    """A person whose details the actor may change: in their unit, and not masked for them."""
    person = person_in_edit_unit(actor, person_id)
    if not reveals_person(actor, person):
        raise PermissionDenied
    return person


def unit_for_new_person(actor: User, unit_id: int | None) -> Unit | None:
    """The unit a new person or household is registered in: the one asked for, or the actor's only one.
    None when the actor has several units and did not say which."""
    unit_ids = units_where(actor, "people.edit_person")
    if unit_id is None:
        if len(unit_ids) != 1:
            return None
        unit_id = unit_ids[0]
    if unit_id not in unit_ids:
        raise PermissionDenied
    return Unit.objects.get(pk=unit_id)


def visible_households(actor: User) -> QuerySet[Household]:
    return Household.objects.filter(unit_id__in=units_where(actor, "people.view_person"))


def household_for_reading(actor: User, household_id: int) -> Household:
    household = visible_households(actor).select_related("unit").filter(pk=household_id).first()
    if household is None:
        raise Http404
    for person_id in household.members.values_list("person_id", flat=True):
        record_access(actor=actor, purpose=AccessPurpose.VIEW, object_type="household", object_id=household.pk,
                      unit=household.unit, person_id=person_id)
    return household


def household_for_edit(actor: User, household_id: int) -> Household:
    household = visible_households(actor).select_related("unit").filter(pk=household_id).first()
    if household is None:
        raise Http404
    if household.unit_id not in units_where(actor, "people.edit_person"):
        raise PermissionDenied
    return household


def household_members(actor: User, household: Household) -> list[tuple[HouseholdMember, PersonView]]:
    members = list(household.members.select_related("person").order_by("pk"))
    views = person_views(actor, [m.person for m in members])
    return list(zip(members, views, strict=True))


def household_member(household: Household, person_id: int) -> HouseholdMember:
    member = household.members.filter(person_id=person_id).first()
    if member is None:
        raise Http404
    return member


def person_of_unit(actor: User, unit_id: int, person_id: int) -> Person:
    """A person to add to a household of `unit_id`: visible to the actor and registered in the same unit."""
    person = visible_persons(actor).filter(pk=person_id, unit_id=unit_id).first()
    if person is None:
        raise ValidationError({"person_id": _("Choose a person registered in the household's unit.")})
    return person


def person_for_granting(actor: User, person_id: int) -> Person:
    """A protected person of a unit where the actor may grant access to identities (managers)."""
    person = Person.objects.select_related("unit").filter(
        pk=person_id, unit_id__in=units_where(actor, "people.grant_identity_access")).first()
    if person is None:
        raise Http404
    return person


def identity_grants_of(person: Person) -> QuerySet[IdentityAccessGrant]:
    return person.identity_grants.select_related("user", "granted_by").order_by("-granted_at", "-pk")


def identity_grant(person: Person, grant_id: int) -> IdentityAccessGrant:
    grant = identity_grants_of(person).filter(pk=grant_id).first()
    if grant is None:
        raise Http404
    return grant


def counsellor_of_unit(unit_id: int, user_id: int) -> User:
    """A user who may register persons in the unit: the only kind that can be granted an identity."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or unit_id not in units_where(user, "people.edit_person"):
        raise ValidationError({"user_id": _("Choose a counsellor of the person's unit.")})
    return user


# --- reads for pages, forms and commands ---


def persons_among(persons: list[Person]) -> QuerySet[Person]:
    """These persons, already chosen by a query that limited them to what the actor may see, as a form's
    choices, in the order given (in practice the household's order, by membership)."""
    ids = [person.pk for person in persons]
    in_given_order = Case(*(When(pk=pk, then=position) for position, pk in enumerate(ids)), default=len(ids))
    return Person.objects.filter(pk__in=ids).order_by(in_given_order, "pk")


# --- reads for the API ---


@dataclass(frozen=True)
class MemberView:
    """A household membership as the reader may see it: the person through privacy.show_person."""

    person: PersonView
    relation: str
    lives_with_main_person: bool | None


def member_views(actor: User, household: Household) -> list[MemberView]:
    """The household's members in the order they joined, each person masked where they must be."""
    return [MemberView(person=view, relation=member.relation, lives_with_main_person=member.lives_with_main_person)
            for member, view in household_members(actor, household)]


@dataclass(frozen=True)
class PersonPage:
    count: int
    items: list[PersonView]


def person_page(actor: User, text: str, *, offset: int, limit: int) -> PersonPage:
    """One page of the actor's persons (see person_list), by name; every person on it is access-logged."""
    persons = person_list(actor, text).select_related("unit").order_by("last_name", "first_name", "pk")
    page = list(persons[offset:offset + limit])
    log_listed(actor, page, searched=bool(text.strip()))
    return PersonPage(count=persons.count(), items=person_views(actor, page))
