"""Swedish personal identity numbers and coordination numbers: validation and one stored form.

python-stdnum checks personnummer; coordination numbers (samordningsnummer: day of birth + 60) share the
Luhn check digit, which stdnum's luhn module verifies.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from stdnum import luhn
from stdnum.exceptions import ValidationError
from stdnum.se import personnummer

COORDINATION_DAY_OFFSET = 60
SHAPE = re.compile(r"^(?P<century>\d{2})?(?P<date>\d{6})(?P<sep>[-+]?)(?P<serial>\d{4})$")


class InvalidIdentityNumber(ValueError):
    """The text is not a valid personnummer or samordningsnummer; the message says why."""


@dataclass(frozen=True)
class IdentityNumber:
    normalised: str  # twelve digits, YYYYMMDDNNNN: the one stored and searched form
    is_coordination: bool
    birth_date: dt.date

    @property
    def display(self) -> str:
        return f"{self.normalised[:8]}-{self.normalised[8:]}"


def _century(two_digit_year: int, separator: str, today: dt.date) -> int:
    century = today.year // 100
    if two_digit_year > today.year % 100:
        century -= 1
    if separator == "+":  # 100 years or older
        century -= 1
    return century


def parse_identity_number(raw: str, today: dt.date | None = None) -> IdentityNumber:
    """Accepts the common ways of writing one: 19811228-9874, 198112289874, 811228-9874, 8112289874."""
    today = today or dt.date.today()
    text = re.sub(r"\s", "", raw or "")
    match = SHAPE.match(text)
    if match is None:
        raise InvalidIdentityNumber("Write the number as YYYYMMDD-NNNN (12 digits) or YYMMDD-NNNN.")
    date_part, serial = match["date"], match["serial"]
    if not luhn.is_valid(date_part + serial):
        raise InvalidIdentityNumber("The check digit does not match: check the number for a typing error.")
    year2, month, day = int(date_part[:2]), int(date_part[2:4]), int(date_part[4:6])
    is_coordination = day > COORDINATION_DAY_OFFSET
    century = int(match["century"]) if match["century"] else _century(year2, match["sep"], today)
    try:
        birth = dt.date(century * 100 + year2, month, day - COORDINATION_DAY_OFFSET if is_coordination else day)
    except ValueError:
        raise InvalidIdentityNumber("The date in the number does not exist.") from None
    if birth > today:
        raise InvalidIdentityNumber("The date in the number is in the future.")
    if not is_coordination:
        try:
            personnummer.validate(f"{birth:%Y%m%d}-{serial}")
        except ValidationError:
            raise InvalidIdentityNumber("This is not a valid personal identity number.") from None
    normalised = f"{century * 100 + year2:04d}{month:02d}{day:02d}{serial}"
    return IdentityNumber(normalised=normalised, is_coordination=is_coordination, birth_date=birth)


def looks_like_identity_number(text: str) -> bool:
    return SHAPE.match(re.sub(r"\s", "", text or "")) is not None
