"""People API: persons and households, through people.actions and people.queries.

Persons are always shown through `privacy.show_person`: a protected identity's name, identity number and
contact details are masked for everyone but the assigned counsellor of a case including the person.
Reading a person or a household writes an access-log row.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Schema

from hemvag.core.apiauth import HemvagRouter
from hemvag.core.apierrors import ERRORS, In
from hemvag.core.permissions import requires
from hemvag.core.validation import limit
from hemvag.people import actions, queries
from hemvag.people.models import Household, HouseholdMember, IdentityAccessGrant, Relation
from hemvag.people.privacy import PersonView

router = HemvagRouter(tags=["people"])

MAX_LIMIT = 200


class PersonOut(Schema):
    """A person as the reader may see them: `masked` is true when a protected identity is hidden."""

    id: int
    name: str
    identity_number: str
    birth_date: dt.date | None
    birth_year: int | None
    languages: str
    interpreter_needed: bool
    interpreter_language: str
    phone: str
    email: str
    address: str
    contact_notes: str
    protected_identity: bool
    masked: bool


def person_out(view: PersonView) -> PersonOut:
    return PersonOut(**view.__dict__)


class PersonPage(Schema):
    count: int
    items: list[PersonOut]


class PersonIn(In):
    unit_id: int | None = Field(None, description="The unit to register the person in; needed only if you "
                                                  "work in several units.")
    first_name: str = Field("", max_length=100)
    last_name: str = Field("", max_length=100)
    identity_number: str = Field("", description="Personnummer or samordningsnummer in any common format "
                                                 "(19811228-9874, 8112289874 …); leave empty if there is none.")
    birth_date: dt.date | None = Field(None, description="Only when there is no identity number.")
    protected_identity: bool = False
    languages: str = Field("", max_length=120)
    interpreter_needed: bool = False
    interpreter_language: str = Field("", max_length=60)
    phone: str = Field("", max_length=40)
    email: str = Field("", max_length=254)
    address: str = Field("", max_length=200)
    contact_notes: str = Field("", max_length=300)


class PersonPatch(In):
    """Only the fields sent are changed."""

    first_name: str | None = Field(None, max_length=100)
    last_name: str | None = Field(None, max_length=100)
    identity_number: str | None = Field(None, description="An empty string removes the number.")
    birth_date: dt.date | None = None
    protected_identity: bool | None = None
    languages: str | None = Field(None, max_length=120)
    interpreter_needed: bool | None = None
    interpreter_language: str | None = Field(None, max_length=60)
    phone: str | None = Field(None, max_length=40)
    email: str | None = Field(None, max_length=254)
    address: str | None = Field(None, max_length=200)
    contact_notes: str | None = Field(None, max_length=300)


class MemberOut(Schema):
    person: PersonOut
    relation: Relation
    lives_with_main_person: bool | None


class HouseholdOut(Schema):
    id: int
    unit_id: int
    members: list[MemberOut]


class HouseholdIn(In):
    main_person_id: int


class MemberIn(In):
    person_id: int
    relation: Relation = Field(description="The person's relation to the main person (not main_applicant).")
    lives_with_main_person: bool | None = None


def _unit_or_error(request: HttpRequest, unit_id: int | None):  # type: ignore[no-untyped-def]
    unit = queries.unit_for_new_person(request.user, unit_id)
    if unit is None:
        raise ValidationError({"unit_id": _("You work in several units: say which one.")})
    return unit


class PersonFilterIn(In):
    q: str = Field("", max_length=100, description="Name, or identity number in any common format.")
    limit: int = Field(50, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0)


@router.get("/persons", response={200: PersonPage, **ERRORS}, summary="Persons of your units, searchable")
@requires("people.view_person")
def list_persons(request: HttpRequest, filters: Query[PersonFilterIn]) -> PersonPage:
    persons = queries.person_list(request.user, filters.q).select_related("unit")
    page = list(persons[filters.offset:filters.offset + filters.limit])
    queries.log_listed(request.user, page, searched=bool(filters.q.strip()))
    return PersonPage(count=persons.count(),
                      items=[person_out(view) for view in queries.person_views(request.user, page)])


@router.get("/persons/{person_id}", response={200: PersonOut, **ERRORS}, summary="One person (access-logged)")
@requires("people.view_person")
def get_person(request: HttpRequest, person_id: int) -> PersonOut:
    person = queries.person_for_reading(request.user, person_id)
    return person_out(queries.person_view(request.user, person))


@router.post("/persons", response={201: PersonOut, **ERRORS}, summary="Register a person")
@requires("people.edit_person")
def create_person(request: HttpRequest, payload: PersonIn) -> tuple[int, PersonOut]:
    data = payload.dict()
    unit = _unit_or_error(request, data.pop("unit_id"))
    person = actions.do_create_person(actor=request.user, unit=unit, **data)
    return 201, person_out(queries.person_view(request.user, person))


@router.patch("/persons/{person_id}", response={200: PersonOut, **ERRORS},
              summary="Change a person's details (not a protected person hidden from you)")
@requires("people.edit_person")
def update_person(request: HttpRequest, person_id: int, payload: PersonPatch) -> PersonOut:
    person = queries.person_for_edit(request.user, person_id)
    fields = payload.dict(exclude_unset=True)
    for field in ("first_name", "last_name", "languages", "interpreter_language", "phone", "email", "address",
                  "contact_notes", "protected_identity", "interpreter_needed"):
        if field in fields and fields[field] is None:
            raise ValidationError({field: _("This field cannot be null.")})
    person = actions.do_update_person(actor=request.user, person=person, **fields)
    return person_out(queries.person_view(request.user, person))


def household_out(request: HttpRequest, household: Household) -> HouseholdOut:
    return HouseholdOut(
        id=household.pk, unit_id=household.unit_id,
        members=[MemberOut(person=person_out(view), relation=member.relation,
                           lives_with_main_person=member.lives_with_main_person)
                 for member, view in queries.household_members(request.user, household)],
    )


@router.get("/households/{household_id}", response={200: HouseholdOut, **ERRORS},
            summary="A household and its members (access-logged)")
@requires("people.view_person")
def get_household(request: HttpRequest, household_id: int) -> HouseholdOut:
    return household_out(request, queries.household_for_reading(request.user, household_id))


@router.post("/households", response={201: HouseholdOut, **ERRORS},
             summary="Register a household around its main person")
@requires("people.edit_person")
def create_household(request: HttpRequest, payload: HouseholdIn) -> tuple[int, HouseholdOut]:
    person = queries.person_in_edit_unit(request.user, payload.main_person_id)
    household = actions.do_create_household(actor=request.user, unit=person.unit, main_person=person)
    return 201, household_out(request, household)


@router.post("/households/{household_id}/members", response={201: HouseholdOut, **ERRORS},
             summary="Add a person to the household")
@requires("people.edit_person")
def add_member(request: HttpRequest, household_id: int, payload: MemberIn) -> tuple[int, HouseholdOut]:
    household = queries.household_for_edit(request.user, household_id)
    person = queries.person_of_unit(request.user, household.unit_id, payload.person_id)
    actions.do_add_household_member(actor=request.user, household=household, person=person,
                                    relation=payload.relation, lives_with_main_person=payload.lives_with_main_person)
    return 201, household_out(request, household)


@router.delete("/households/{household_id}/members/{person_id}",
               response={200: HouseholdOut, **ERRORS},
               summary="Remove a person from the household (not the main person)")
@requires("people.edit_person")
def remove_member(request: HttpRequest, household_id: int, person_id: int) -> HouseholdOut:
    household = queries.household_for_edit(request.user, household_id)
    member: HouseholdMember = queries.household_member(household, person_id)
    actions.do_remove_household_member(actor=request.user, member=member)
    return household_out(request, household)


# --- access to protected identities: a manager's grant, per person and counsellor -------------------------


class IdentityGrantOut(Schema):
    id: int
    person_id: int
    user_id: int
    user: str
    reason: str
    granted_by: str | None
    granted_at: dt.datetime
    revoked_at: dt.datetime | None


class IdentityGrantIn(In):
    user_id: int = Field(description="A counsellor of the person's unit.")
    reason: str = Field(min_length=1, max_length=limit(IdentityAccessGrant, "reason"),
                        description="Why this counsellor needs the identity (audited).")


def grant_out(grant: IdentityAccessGrant) -> IdentityGrantOut:
    return IdentityGrantOut(
        id=grant.pk, person_id=grant.person_id, user_id=grant.user_id, user=grant.user.get_username(),
        reason=grant.reason, granted_by=grant.granted_by.get_username() if grant.granted_by else None,
        granted_at=grant.granted_at, revoked_at=grant.revoked_at)


@router.get("/persons/{person_id}/identity-grants", response={200: list[IdentityGrantOut], **ERRORS},
            summary="Who may see a protected identity, and why (managers)")
@requires("people.grant_identity_access")
def list_identity_grants(request: HttpRequest, person_id: int) -> list[IdentityGrantOut]:
    person = queries.person_for_granting(request.user, person_id)
    return [grant_out(grant) for grant in queries.identity_grants_of(person)]


@router.post("/persons/{person_id}/identity-grants", response={201: IdentityGrantOut, **ERRORS},
             summary="Let one counsellor see a protected identity, with a reason (managers; audited)")
@requires("people.grant_identity_access")
def grant_identity_access(request: HttpRequest, person_id: int,
                          payload: IdentityGrantIn) -> tuple[int, IdentityGrantOut]:
    person = queries.person_for_granting(request.user, person_id)
    user = queries.counsellor_of_unit(person.unit_id, payload.user_id)
    grant = actions.do_grant_identity_access(actor=request.user, person=person, user=user, reason=payload.reason)
    return 201, grant_out(grant)


@router.post("/persons/{person_id}/identity-grants/{grant_id}/revoke", response={200: IdentityGrantOut, **ERRORS},
             summary="End a counsellor's access to a protected identity (managers; audited)")
@requires("people.grant_identity_access")
def revoke_identity_access(request: HttpRequest, person_id: int, grant_id: int) -> IdentityGrantOut:
    person = queries.person_for_granting(request.user, person_id)
    grant = queries.identity_grant(person, grant_id)
    return grant_out(actions.do_revoke_identity_access(actor=request.user, grant=grant))
