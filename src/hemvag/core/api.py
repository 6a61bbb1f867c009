"""Core API: who am I, and the units I belong to."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Schema

from hemvag.core.apiauth import HemvagRouter
from hemvag.core.permissions import requires
from hemvag.core.queries import memberships_of

router = HemvagRouter(tags=["core"])


class MembershipOut(Schema):
    unit_id: int
    unit: str
    municipality: str
    role: str


class MeOut(Schema):
    username: str
    name: str
    memberships: list[MembershipOut]


@router.get("/me", response=MeOut, summary="The signed-in user and their roles")
@requires("core.view_own_units")
def me(request: HttpRequest) -> MeOut:
    user = request.user
    return MeOut(
        username=user.get_username(),
        name=user.get_full_name(),
        memberships=[
            MembershipOut(unit_id=m.unit_id, unit=m.unit.name, municipality=m.unit.municipality.name, role=m.role)
            for m in memberships_of(user)
        ],
    )
