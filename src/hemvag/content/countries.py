"""Country names in the reader's language, from pycountry's ISO 3166 translations (no list of our own)."""

from __future__ import annotations

import gettext
from functools import cache

import pycountry

# Dari has no catalogue of its own in pycountry; Persian spells country names the same way.
CATALOGUE_LANGUAGE = {"prs": "fa"}


@cache
def _translation(language: str) -> gettext.NullTranslations:
    code = CATALOGUE_LANGUAGE.get(language, language)
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[code], fallback=True)


def country_name(code: str, language: str) -> str:
    country = pycountry.countries.get(alpha_2=code.upper())
    if country is None:
        return code
    # The catalogues translate the official short name (e.g. "Iraq"); English has no catalogue.
    return _translation(language).gettext(country.name)


def countries_sorted(language: str) -> list[tuple[str, str]]:
    """(code, name) of every country, sorted by the name in the language."""
    pairs = [(c.alpha_2, country_name(c.alpha_2, language)) for c in pycountry.countries]
    return sorted(pairs, key=lambda pair: pair[1].casefold())
