"""The short letters that begin a unit's case references (STH-2026-0001): validated, and derived when not given."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterator
from string import ascii_uppercase

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

PREFIX_PATTERN = r"^[A-Z]{2,6}$"
validate_reference_prefix = RegexValidator(
    PREFIX_PATTERN, _("Write two to six capital letters A–Z, for example STH.")
)


def _letters(text: str) -> str:
    """'Göteborg – gbg-fa' → 'GOTEBORGGBGFA': accents dropped, only A–Z kept."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Z]", "", plain.upper())


def _candidates(letters: str) -> Iterator[str]:
    yield letters[:3]
    for letter in letters[3:]:
        yield letters[:2] + letter
    for length in (3, 4, 5):
        for letter in ascii_uppercase:
            yield (letters[:length] + letter)[:6]


def derive_reference_prefix(*, code: str, name: str, taken: Collection[str]) -> str:
    """The first free prefix taken from the unit's code ('sth-fa' → STH), else its name, else 'UN…'.

    Deterministic: the same code, name and taken prefixes always give the same answer, which the
    migration that filled the existing units relies on."""
    letters = _letters(code)
    if len(letters) < 2:
        letters = _letters(name)
    if len(letters) < 2:
        letters = "UN" + letters
    for candidate in _candidates(letters):
        if len(candidate) >= 2 and candidate not in taken:
            return candidate
    raise ValueError(f"no free reference prefix for unit {code!r}")  # 26 × 3 fallbacks make this unreachable
