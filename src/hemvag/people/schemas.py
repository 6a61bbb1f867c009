"""The people API's schemas: what comes in (`…In`, `…Patch`) and what goes out (`…Out`), each field named once.

Out schemas read their values from the objects people.queries returns (ninja's `from_attributes`): a person
always from a `PersonView` (privacy.show_person has masked it where it must be), never from the model — a
`Person` lacks `name` and `masked`, so it would not validate.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema
from pydantic import field_validator

from hemvag.core.apierrors import In
from hemvag.core.validation import limit
from hemvag.people import queries
from hemvag.people.models import Household, IdentityAccessGrant, LegalSex, Relation

MAX_LIMIT = 200
SEXES = ("", *LegalSex.values)  # "" is unknown
SEX_DESCRIPTION = ("Legal sex as registered: female, male, or \"\" when unknown. Used only for statistics; "
                   "never worked out from the identity number.")


def _legal_sex(value: str | None) -> str | None:
    if value is not None and value not in SEXES:
        raise ValueError('Give female, male, or "" when unknown.')
    return value


class PersonOut(Schema):
    """A person as the reader may see them: `masked` is true when a protected identity is hidden."""

    id: int
    name: str
    identity_number: str
    birth_date: dt.date | None
    birth_year: int | None = Field(description="The year of the date of birth, or the year alone when only "
                                                "that is known (birth_date is then null). Read-only.")
    sex: str = Field(description='female, male, "" when unknown, or the mask when `masked` is true.')
    languages: str
    interpreter_needed: bool
    interpreter_language: str
    phone: str
    email: str
    address: str
    contact_notes: str
    protected_identity: bool
    masked: bool


class PersonPage(Schema):
    count: int
    items: list[PersonOut]


class PersonFilterIn(In):
    q: str = Field("", max_length=100, description="Name, or identity number in any common format.")
    limit: int = Field(50, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0)


class PersonIn(In):
    unit_id: int | None = Field(None, description="The unit to register the person in; needed only if you "
                                                  "work in several units.")
    first_name: str = Field("", max_length=100)
    last_name: str = Field("", max_length=100)
    identity_number: str = Field("", description="Personnummer or samordningsnummer in any common format "
                                                 "(19811228-9874, 8112289874 …); leave empty if there is none.")
    birth_date: dt.date | None = Field(None, description="Only when there is no identity number.")
    sex: str = Field("", description=SEX_DESCRIPTION, json_schema_extra={"enum": list(SEXES)})
    protected_identity: bool = False
    languages: str = Field("", max_length=120)
    interpreter_needed: bool = False
    interpreter_language: str = Field("", max_length=60)
    phone: str = Field("", max_length=40)
    email: str = Field("", max_length=254)
    address: str = Field("", max_length=200)
    contact_notes: str = Field("", max_length=300)

    _sex = field_validator("sex")(_legal_sex)


class PersonPatch(In):
    """Only the fields sent are changed."""

    first_name: str | None = Field(None, max_length=100)
    last_name: str | None = Field(None, max_length=100)
    identity_number: str | None = Field(None, description="An empty string removes the number.")
    birth_date: dt.date | None = None
    sex: str | None = Field(None, description=SEX_DESCRIPTION, json_schema_extra={"enum": list(SEXES)})
    protected_identity: bool | None = None
    languages: str | None = Field(None, max_length=120)
    interpreter_needed: bool | None = None
    interpreter_language: str | None = Field(None, max_length=60)
    phone: str | None = Field(None, max_length=40)
    email: str | None = Field(None, max_length=254)
    address: str | None = Field(None, max_length=200)
    contact_notes: str | None = Field(None, max_length=300)

    _sex = field_validator("sex")(_legal_sex)


# A patch may leave these out, but not send them as null: they have no empty value but "".
NOT_NULL = ("first_name", "last_name", "sex", "languages", "interpreter_language", "phone", "email", "address",
            "contact_notes", "protected_identity", "interpreter_needed")


class MemberOut(Schema):
    # A member of a household (and so of its cases), read from a people.queries.MemberView.

    person: PersonOut
    relation: Relation
    lives_with_main_person: bool | None


class HouseholdOut(Schema):
    id: int
    unit_id: int
    members: list[MemberOut]

    @staticmethod
    def resolve_members(household: Household, context: dict[str, Any]) -> list[queries.MemberView]:
        """Read through people.queries for the requesting user (ninja passes the request in the context)."""
        return queries.member_views(context["request"].user, household)


class HouseholdIn(In):
    main_person_id: int


class MemberIn(In):
    person_id: int
    relation: Relation = Field(description="The person's relation to the main person (not main_applicant).")
    lives_with_main_person: bool | None = None


class IdentityGrantOut(Schema):
    id: int
    person_id: int
    user_id: int
    user: str
    reason: str
    granted_by: str | None
    granted_at: dt.datetime
    revoked_at: dt.datetime | None

    @staticmethod
    def resolve_user(grant: IdentityAccessGrant) -> str:
        return grant.user.get_username()

    @staticmethod
    def resolve_granted_by(grant: IdentityAccessGrant) -> str | None:
        return grant.granted_by.get_username() if grant.granted_by else None


class IdentityGrantIn(In):
    user_id: int = Field(description="A counsellor of the person's unit.")
    reason: str = Field(min_length=1, max_length=limit(IdentityAccessGrant, "reason"),
                        description="Why this counsellor needs the identity (audited).")
