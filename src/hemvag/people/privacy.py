"""How a person is shown to a given reader. Protected identities are masked for everyone but the assigned
counsellor — in pages, search results, the API and exports alike, since they all go through here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from django.utils.translation import gettext_lazy as _

from hemvag.people.models import LegalSex, Person

MASK = "••••"


@dataclass(frozen=True)
class PersonView:
    id: int
    name: str
    identity_number: str
    birth_date: dt.date | None
    birth_year: int | None  # also when only the year is known (an imported earlier register)
    sex: str  # a LegalSex value, "" when unknown
    languages: str
    interpreter_needed: bool
    interpreter_language: str
    phone: str
    email: str
    address: str
    contact_notes: str
    protected_identity: bool
    masked: bool

    @property
    def sex_label(self) -> str:
        """Legal sex in words, for pages: "Unknown" when not registered, the mask when withheld."""
        if self.sex == MASK:
            return MASK
        return str(LegalSex(self.sex).label) if self.sex else str(_("Unknown"))


def show_person(person: Person, *, reveal_protected: bool) -> PersonView:
    number = person.identity_number
    view = PersonView(
        id=person.pk,
        name=person.full_name or str(_("(no name given)")),
        identity_number=f"{number[:8]}-{number[8:]}" if number else "",
        birth_date=person.birth_date,
        birth_year=person.birth_date.year if person.birth_date else person.birth_year,
        sex=person.sex,
        languages=person.languages,
        interpreter_needed=person.interpreter_needed,
        interpreter_language=person.interpreter_language,
        phone=person.phone,
        email=person.email,
        address=person.address,
        contact_notes=person.contact_notes,
        protected_identity=person.protected_identity,
        masked=False,
    )
    if not person.protected_identity or reveal_protected:
        return view
    # What could identify or locate the person is withheld; languages and interpreter needs stay, for the meeting.
    return replace(view, name=str(_("Protected identity")), identity_number=MASK, birth_date=None, birth_year=None,
                   sex=MASK, phone=MASK, email=MASK, address=MASK, contact_notes=MASK, masked=True)
