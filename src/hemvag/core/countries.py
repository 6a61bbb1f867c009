"""Country names in the reader's language: the everyday names of the Unicode CLDR (through Babel), for every
ISO 3166 country pycountry knows, with pycountry's own translations as a fallback (no list of our own)."""

from __future__ import annotations

import gettext
from functools import cache

import pycountry
from babel import Locale, UnknownLocaleError

# Dari has no catalogue of its own in pycountry; CLDR has Persian as written in Afghanistan.
CLDR_LOCALE = {"prs": "fa_AF"}
CATALOGUE_LANGUAGE = {"prs": "fa"}
# Swedish sorts å, ä, ö after z (in that order); a plain casefold would put ä before å.
SWEDISH_ORDER = str.maketrans({"å": "{", "ä": "|", "ö": "}"})  # the three characters after z


@cache
def _translation(language: str) -> gettext.NullTranslations:
    code = CATALOGUE_LANGUAGE.get(language, language)
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[code], fallback=True)


@cache
def _territories(language: str) -> dict[str, str]:
    try:
        return dict(Locale.parse(CLDR_LOCALE.get(language, language).replace("-", "_")).territories)
    except (UnknownLocaleError, ValueError):
        return {}


def country_name(code: str, language: str) -> str:
    """'ET' → 'Etiopien' in Swedish, 'Ethiopia' in English; an unknown code is given back as it is."""
    country = pycountry.countries.get(alpha_2=code.upper()) if code else None
    if country is None:
        return code
    return _territories(language).get(country.alpha_2) or _translation(language).gettext(country.name)


def _sort_key(name: str, language: str) -> str:
    key = name.casefold()
    return key.translate(SWEDISH_ORDER) if language == "sv" else key


@cache
def _countries_sorted(language: str) -> tuple[tuple[str, str], ...]:
    pairs = [(c.alpha_2, country_name(c.alpha_2, language)) for c in pycountry.countries]
    return tuple(sorted(pairs, key=lambda pair: _sort_key(pair[1], language)))


def countries_sorted(language: str) -> list[tuple[str, str]]:
    """(code, name) of every country, sorted by the name in the language (worked out once per language: the
    case list's filter asks for it on every request)."""
    return list(_countries_sorted(language))
