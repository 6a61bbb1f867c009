from __future__ import annotations

import pytest
from django.utils import translation

from hemvag.core.models import Role, User
from tests.conftest import signed_in


@pytest.fixture(autouse=True)
def english_messages():
    with translation.override("en"):
        yield


@pytest.fixture
def counsellor(make_user, unit) -> User:
    return make_user("sara", Role.COUNSELLOR, unit)


@pytest.fixture
def manager(make_user, unit) -> User:
    return make_user("eva", Role.MANAGER, unit)


@pytest.fixture
def admin(make_user, unit) -> User:
    return make_user("jonas", Role.ADMIN, unit)


@pytest.fixture
def login(client, settings):
    def sign_in(user):
        signed_in(client, user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client
    return sign_in
