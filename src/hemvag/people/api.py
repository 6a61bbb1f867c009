"""People API: persons and households, through people.actions and people.queries (schemas in people.schemas).

Persons are always shown through `privacy.show_person`: a protected identity's name, identity number and
contact details are masked for everyone but the assigned counsellor of a case including the person.
Reading a person or a household writes an access-log row.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query

from hemvag.core.apiauth import HemvagRouter
from hemvag.core.apierrors import ERRORS
from hemvag.core.apilinks import creates
from hemvag.core.models import Unit
from hemvag.core.permissions import requires
from hemvag.people import actions, queries
from hemvag.people.models import Household, IdentityAccessGrant
from hemvag.people.privacy import PersonView
from hemvag.people.schemas import (
    NOT_NULL,
    HouseholdIn,
    HouseholdOut,
    IdentityGrantIn,
    IdentityGrantOut,
    MemberIn,
    PersonFilterIn,
    PersonIn,
    PersonOut,
    PersonPage,
    PersonPatch,
)

router = HemvagRouter(tags=["people"])


def _unit_or_error(request: HttpRequest, unit_id: int | None) -> Unit:
    unit = queries.unit_for_new_person(request.user, unit_id)
    if unit is None:
        raise ValidationError({"unit_id": _("You work in several units: say which one.")})
    return unit


@router.get("/persons", response={200: PersonPage, **ERRORS}, summary="Persons of your units, searchable")
@requires("people.view_person")
def list_persons(request: HttpRequest, filters: Query[PersonFilterIn]) -> queries.PersonPage:
    return queries.person_page(request.user, filters.q, offset=filters.offset, limit=filters.limit)


@router.get("/persons/{person_id}", response={200: PersonOut, **ERRORS}, summary="One person (access-logged)")
@requires("people.view_person")
def get_person(request: HttpRequest, person_id: int) -> PersonView:
    return queries.person_view(request.user, queries.person_for_reading(request.user, person_id))


@router.post("/persons", response={201: PersonOut, **ERRORS}, summary="Register a person",
             openapi_extra=creates("person_id"))
@requires("people.edit_person")
def create_person(request: HttpRequest, payload: PersonIn) -> tuple[int, PersonView]:
    data = payload.dict()
    unit = _unit_or_error(request, data.pop("unit_id"))
    person = actions.do_create_person(actor=request.user, unit=unit, **data)
    return 201, queries.person_view(request.user, person)


@router.patch("/persons/{person_id}", response={200: PersonOut, **ERRORS},
              summary="Change a person's details (not a protected person hidden from you)")
@requires("people.edit_person")
def update_person(request: HttpRequest, person_id: int, payload: PersonPatch) -> PersonView:
    person = queries.person_for_edit(request.user, person_id)
    fields: dict[str, Any] = payload.dict(exclude_unset=True)
    for field in NOT_NULL:
        if field in fields and fields[field] is None:
            raise ValidationError({field: _("This field cannot be null.")})
    person = actions.do_update_person(actor=request.user, person=person, **fields)
    return queries.person_view(request.user, person)


@router.get("/households/{household_id}", response={200: HouseholdOut, **ERRORS},
            summary="A household and its members (access-logged)")
@requires("people.view_person")
def get_household(request: HttpRequest, household_id: int) -> Household:
    return queries.household_for_reading(request.user, household_id)


@router.post("/households", response={201: HouseholdOut, **ERRORS},
             summary="Register a household around its main person",
             openapi_extra=creates("household_id"))
@requires("people.edit_person")
def create_household(request: HttpRequest, payload: HouseholdIn) -> tuple[int, Household]:
    person = queries.person_in_edit_unit(request.user, payload.main_person_id)
    return 201, actions.do_create_household(actor=request.user, unit=person.unit, main_person=person)


@router.post("/households/{household_id}/members", response={201: HouseholdOut, **ERRORS},
             summary="Add a person to the household",
             openapi_extra=creates("person_id", "$request.body#/person_id"))
@requires("people.edit_person")
def add_member(request: HttpRequest, household_id: int, payload: MemberIn) -> tuple[int, Household]:
    household = queries.household_for_edit(request.user, household_id)
    person = queries.person_of_unit(request.user, household.unit_id, payload.person_id)
    actions.do_add_household_member(actor=request.user, household=household, person=person,
                                    relation=payload.relation, lives_with_main_person=payload.lives_with_main_person)
    return 201, household


@router.delete("/households/{household_id}/members/{person_id}",
               response={200: HouseholdOut, **ERRORS},
               summary="Remove a person from the household (not the main person)")
@requires("people.edit_person")
def remove_member(request: HttpRequest, household_id: int, person_id: int) -> Household:
    household = queries.household_for_edit(request.user, household_id)
    actions.do_remove_household_member(actor=request.user, member=queries.household_member(household, person_id))
    return household


# --- access to protected identities: a manager's grant, per person and counsellor -------------------------


@router.get("/persons/{person_id}/identity-grants", response={200: list[IdentityGrantOut], **ERRORS},
            summary="Who may see a protected identity, and why (managers)")
@requires("people.grant_identity_access")
def list_identity_grants(request: HttpRequest, person_id: int) -> list[IdentityAccessGrant]:
    return list(queries.identity_grants_of(queries.person_for_granting(request.user, person_id)))


@router.post("/persons/{person_id}/identity-grants", response={201: IdentityGrantOut, **ERRORS},
             summary="Let one counsellor see a protected identity, with a reason (managers; audited)",
             openapi_extra=creates("grant_id"))
@requires("people.grant_identity_access")
def grant_identity_access(request: HttpRequest, person_id: int,
                          payload: IdentityGrantIn) -> tuple[int, IdentityAccessGrant]:
    person = queries.person_for_granting(request.user, person_id)
    user = queries.counsellor_of_unit(person.unit_id, payload.user_id)
    return 201, actions.do_grant_identity_access(actor=request.user, person=person, user=user, reason=payload.reason)


@router.post("/persons/{person_id}/identity-grants/{grant_id}/revoke", response={200: IdentityGrantOut, **ERRORS},
             summary="End a counsellor's access to a protected identity (managers; audited)")
@requires("people.grant_identity_access")
def revoke_identity_access(request: HttpRequest, person_id: int, grant_id: int) -> IdentityAccessGrant:
    person = queries.person_for_granting(request.user, person_id)
    grant = queries.identity_grant(person, grant_id)
    return actions.do_revoke_identity_access(actor=request.user, grant=grant)
