"""Shared fixtures. Tests run with production security settings (HTTPS on): the test client says it came
through the TLS proxy, as a real request would."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client

from hemvag.core import actions, ratelimit
from hemvag.core.models import Municipality, Role, Unit, UnitKind, User
from hemvag.core.permissions import SYSTEM

PASSWORD = "correct-horse-battery-2026"
HTTPS_HEADERS = {"X-Forwarded-Proto": "https"}


AFTER_EVERYTHING = "test_settings_after_e2e.py"


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """tests/test_settings_after_e2e.py checks what the browser tests leave behind, so it runs last, whatever
    the order of the files on the command line and after pytest-django's own sort (database tests first)."""
    items.sort(key=lambda item: item.path.name == AFTER_EVERYTHING)


@pytest.fixture(autouse=True)
def test_speed_settings(settings) -> None:
    """Hashed static names need `collectstatic` first, so tests serve the files straight from the source;
    Argon2 is slow by design, so test accounts use a fast hasher (test_auth checks Argon2 on its own)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *settings.PASSWORD_HASHERS]


@pytest.fixture
def client() -> Client:
    return Client(headers=HTTPS_HEADERS)


@pytest.fixture
def municipality(db: None) -> Municipality:
    return actions.do_create_municipality(actor=SYSTEM, name="Testkommun", code="9901")


@pytest.fixture
def unit(municipality: Municipality) -> Unit:
    return actions.do_create_unit(
        actor=SYSTEM, municipality=municipality, name="Återvandring Test", kind=UnitKind.VOLUNTARY_RETURN, code="t-fa"
    )


@pytest.fixture
def other_unit(db: None) -> Unit:
    other = actions.do_create_municipality(actor=SYSTEM, name="Annan kommun", code="9902")
    return actions.do_create_unit(
        actor=SYSTEM, municipality=other, name="Återvandring Annan", kind=UnitKind.VOLUNTARY_RETURN, code="a-fa"
    )


@pytest.fixture
def make_user(db: None) -> Callable[..., User]:
    def make(username: str, role: Role | None = None, unit: Unit | None = None) -> User:
        user = actions.do_create_user(actor=SYSTEM, username=username, password=PASSWORD, first_name=username.title())
        if role is not None and unit is not None:
            actions.do_set_membership(actor=SYSTEM, user=user, unit=unit, role=role)
        return user

    return make


PASSWORD_BACKEND = "django.contrib.auth.backends.ModelBackend"


def signed_in(client: Client, user: User) -> Client:
    """`client` signed in as `user` with a password and, as admins and auditors must be (core.twofactor), past the
    second factor: a real TOTP device of the user's, marked verified in the session as django_otp.login does."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(user, backend=PASSWORD_BACKEND)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="test", key=actions.new_second_factor_key(), confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def login(client: Client) -> Callable[[User], Client]:
    def sign_in(user: User) -> Client:
        return signed_in(client, user)

    return sign_in


class StoppedClock:
    """A clock that moves only when told: `clock.advance(seconds)`."""

    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def ratelimit_clock(monkeypatch: pytest.MonkeyPatch) -> StoppedClock:
    """The rate limits' clock, stopped at the start of a window (of a minute and of an hour alike): a test's
    requests all fall in one window however slow the machine, and the next window comes only with `advance`."""
    clock = StoppedClock(1_800_000_000.0)  # divisible by 3600
    monkeypatch.setattr(ratelimit, "clock", clock)
    return clock


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


# What `makemessages` runs (msgattrib for --no-obsolete).
GETTEXT_TOOLS = ("xgettext", "msguniq", "msgmerge", "msgattrib")


def gettext_path() -> str:
    """A PATH on which `makemessages` finds GNU gettext. Without gettext the test fails under CI=true (nothing may
    skip there) and skips, with the reason printed, on a developer's machine."""
    found = {tool: shutil.which(tool) for tool in GETTEXT_TOOLS}
    missing = [tool for tool, path in found.items() if path is None]
    if missing:
        reason = (f"GNU gettext is not installed ({', '.join(missing)} not found): "
                  "`apt-get install gettext` to check the catalogues against the code")
        if in_ci():
            pytest.fail(f"CI=true: {reason}")
        print(f"\n{reason}")
        pytest.skip(reason)
    folders = dict.fromkeys(str(Path(path).parent) for path in found.values() if path)
    return os.pathsep.join([*folders, "/usr/bin", "/bin"])


@pytest.fixture
def grant_identity(db: None) -> Callable[..., object]:
    """A manager's identity grant, as the command line would give it: `grant_identity(person, user)`."""
    from hemvag.people.actions import do_grant_identity_access
    from hemvag.people.models import Person

    def grant(person: Person, user: User) -> object:
        return do_grant_identity_access(actor=SYSTEM, person=Person.objects.get(pk=person.pk), user=user,
                                        reason="The case needs it (test).")

    return grant
