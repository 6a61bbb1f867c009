"""The limits every write obeys, in one place: models declare them, actions enforce them (full_clean), and forms
and API schemas read them from the model — so a page and the API can never disagree, and nothing is cut."""

from __future__ import annotations

from typing import Any

import pycountry
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


def limited_text(verbose_name: Any, limit: int, **options: Any) -> models.TextField[Any, Any]:
    """A text field that refuses more than `limit` characters when validated (Django's TextField does not)."""
    return models.TextField(verbose_name, max_length=limit, validators=[MaxLengthValidator(limit)], **options)


def limit(model: type[models.Model], field: str) -> int:
    """The most characters `model.field` takes: what forms and API schemas use as their max_length."""
    max_length = model._meta.get_field(field).max_length
    if max_length is None:
        raise ValueError(f"{model.__name__}.{field} has no limit")
    return int(max_length)


def validate_country_code(value: str) -> None:
    """An ISO 3166-1 alpha-2 code that exists (the API once stored "ZZ")."""
    if value and pycountry.countries.get(alpha_2=value.upper()) is None:
        raise ValidationError(_("“%(code)s” is not a country code. Use ISO 3166 letters, e.g. IQ or SO."),
                              params={"code": value}, code="country")
