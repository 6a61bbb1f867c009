"""Every write of the core app: one transaction, one audit event (Zulip's do_* functions are the model)."""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.forms.models import model_to_dict
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from hemvag.core import audit, retention
from hemvag.core.models import (
    AccessLog,
    AccessPurpose,
    ApiToken,
    Membership,
    Municipality,
    Role,
    Unit,
    UnitKind,
    User,
)
from hemvag.core.permissions import PUBLIC, SYSTEM, as_user, authorize, forget_memberships
from hemvag.core.references import derive_reference_prefix, validate_reference_prefix

TOKEN_PREFIX = "hv"  # noqa: S105  (a label, not a secret)


def snapshot(instance: Model, fields: list[str] | None = None) -> dict[str, Any]:
    """A model's field values as JSON-able data for the audit's before/after (never a password hash)."""
    data = model_to_dict(instance, fields=fields)
    data.pop("password", None)
    return audit.json.loads(audit.canonical_json(data))


@transaction.atomic
def do_create_municipality(*, actor: Any, name: str, code: str) -> Municipality:
    authorize(actor, "core.administer")
    municipality = Municipality.objects.create(name=name, code=code)
    audit.record(actor=actor, verb="municipality.created", object_type="municipality", object_id=municipality.pk,
                 changes=audit.diff({}, snapshot(municipality)))
    return municipality


@transaction.atomic
def do_create_unit(*, actor: Any, municipality: Municipality, name: str, kind: UnitKind, code: str,
                   reference_prefix: str = "") -> Unit:
    """A unit; without a reference prefix it gets the first free one derived from its code (sth-fa → STH)."""
    authorize(actor, "core.administer")
    if reference_prefix:
        validate_reference_prefix(reference_prefix)
        if Unit.objects.filter(reference_prefix=reference_prefix).exists():
            raise ValidationError({"reference_prefix": _("Another unit already uses the reference prefix %(prefix)s.")
                                   % {"prefix": reference_prefix}})
    else:
        taken = set(Unit.objects.values_list("reference_prefix", flat=True))
        reference_prefix = derive_reference_prefix(code=code, name=name, taken=taken)
    unit = Unit.objects.create(municipality=municipality, name=name, kind=kind, code=code,
                               reference_prefix=reference_prefix)
    audit.record(actor=actor, verb="unit.created", object_type="unit", object_id=unit.pk, unit=unit,
                 changes=audit.diff({}, snapshot(unit)))
    return unit


@transaction.atomic
def do_create_user(
    *, actor: Any, username: str, password: str | None, first_name: str = "", last_name: str = "",
    email: str = "",
) -> User:
    """Create an account; with password=None it cannot sign in until a password is set."""
    authorize(actor, "core.administer")
    user = User(username=username, first_name=first_name, last_name=last_name, email=email)
    if password is None:
        user.set_unusable_password()
    else:
        password_validation.validate_password(password, user)
        user.set_password(password)
    user.save()
    audit.record(actor=actor, verb="user.created", object_type="user", object_id=user.pk,
                 changes=audit.diff({}, snapshot(user, ["username", "first_name", "last_name", "email"])))
    return user


@transaction.atomic
def do_set_membership(*, actor: Any, user: User, unit: Unit, role: Role) -> Membership:
    """Give the user `role` in `unit`, replacing any role they had there."""
    authorize(actor, "core.administer", unit)
    membership = Membership.objects.select_for_update().filter(user=user, unit=unit).first()
    before = {"role": membership.role} if membership else {}
    if membership is None:
        membership = Membership.objects.create(user=user, unit=unit, role=role)
    elif membership.role != role:
        membership.role = role
        membership.save(update_fields=["role"])
    else:
        return membership
    forget_memberships()
    audit.record(actor=actor, verb="membership.set", object_type="user", object_id=user.pk, unit=unit,
                 changes=audit.diff(before, {"role": str(role)}))
    return membership


@transaction.atomic
def do_remove_membership(*, actor: Any, membership: Membership) -> None:
    authorize(actor, "core.administer", membership.unit_id)
    unit, user, role = membership.unit, membership.user, membership.role
    membership.delete()
    forget_memberships()
    audit.record(actor=actor, verb="membership.removed", object_type="user", object_id=user.pk, unit=unit,
                 changes=audit.diff({"role": role}, {}))


@transaction.atomic
def do_change_password(*, actor: User, user: User, new_password: str) -> None:
    """Validators have run in the form; the audit records that it changed, never the value.

    A new password revokes every API token of the user (each revocation audited): whoever may have learnt the
    old password could have made a token with it."""
    authorize(actor, "core.change_own_password" if actor == user else "core.administer")
    user.set_password(new_password)
    user.save(update_fields=["password"])
    audit.record(actor=actor, verb="user.password_changed", object_type="user", object_id=user.pk)
    for api_token in ApiToken.objects.select_for_update().filter(user=user, revoked_at__isnull=True):
        do_revoke_api_token(actor=actor, api_token=api_token)


def token_digest(token: str) -> str:
    # Tokens carry 256 bits of randomness, so a plain SHA-256 cannot be brute-forced; no salt needed.
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def do_create_api_token(*, actor: Any, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token and return it with its secret, which is shown once and never stored."""
    authorize(actor, "core.administer")
    prefix = secrets.token_hex(4)
    token = f"{TOKEN_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    api_token = ApiToken.objects.create(user=user, name=name, prefix=prefix, digest=token_digest(token))
    audit.record(actor=actor, verb="api_token.created", object_type="api_token", object_id=api_token.pk,
                 changes=audit.diff({}, {"user": user.get_username(), "name": name, "prefix": prefix}))
    return api_token, token


@transaction.atomic
def do_revoke_api_token(*, actor: Any, api_token: ApiToken) -> None:
    """Their owner may revoke their own tokens (a password change does); an admin anyone's."""
    authorize(actor, "core.change_own_password" if actor == api_token.user else "core.administer")
    if api_token.revoked_at is not None:
        return
    api_token.revoked_at = timezone.now()
    api_token.save(update_fields=["revoked_at"])
    audit.record(actor=actor, verb="api_token.revoked", object_type="api_token", object_id=api_token.pk,
                 changes=audit.diff({"revoked": False}, {"revoked": True}))


@transaction.atomic
def do_admin_save(*, actor: User, instance: Model, changed_fields: list[str], adding: bool) -> None:
    """A save from the admin site, audited like any other write."""
    authorize(actor, "core.administer")
    before = {} if adding else snapshot(type(instance).objects.get(pk=instance.pk), changed_fields)
    instance.save()
    name = instance._meta.model_name
    audit.record(actor=actor, verb=f"{name}.{'created' if adding else 'changed'}", object_type=name,
                 object_id=instance.pk, unit=_unit_of(instance),
                 changes=audit.diff(before, snapshot(instance, None if adding else changed_fields)))


@transaction.atomic
def do_admin_delete(*, actor: User, instance: Model) -> None:
    authorize(actor, "core.administer")
    name, pk, unit, before = instance._meta.model_name, instance.pk, _unit_of(instance), snapshot(instance)
    instance.delete()
    audit.record(actor=actor, verb=f"{name}.deleted", object_type=name, object_id=pk, unit=unit,
                 changes=audit.diff(before, {}))


def _unit_of(instance: Model) -> Unit | None:
    if isinstance(instance, Unit):
        return instance
    unit = getattr(instance, "unit", None)
    return unit if isinstance(unit, Unit) else None


# The kinds of sign-in event in the audit trail (verbs), each written by the functions below.
AUTH_LOGIN = "auth.login"  # signed in: changes say how (password or oidc)
AUTH_LOGOUT = "auth.logout"
AUTH_LOGIN_FAILED = "auth.login_failed"  # a wrong user name or password
AUTH_REFUSED = "auth.refused"  # the city's provider signed someone in whom Hemväg refuses, or its answer failed checks
AUTH_LOCKED_OUT = "auth.locked_out"  # too many failures: the lock-out refused this attempt
AUTH_IDLE_TIMEOUT = "auth.idle_timeout"  # signed out after HEMVAG_SESSION_IDLE_MINUTES without a request
AUTH_SECOND_FACTOR_ENROLLED = "auth.second_factor_enrolled"
AUTH_SECOND_FACTOR_VERIFIED = "auth.second_factor_verified"
AUTH_SECOND_FACTOR_FAILED = "auth.second_factor_failed"
AUTH_SECOND_FACTOR_RESET = "auth.second_factor_reset"
AUTH_VERBS = (AUTH_LOGIN, AUTH_LOGOUT, AUTH_LOGIN_FAILED, AUTH_REFUSED, AUTH_LOCKED_OUT, AUTH_IDLE_TIMEOUT,
              AUTH_SECOND_FACTOR_ENROLLED, AUTH_SECOND_FACTOR_VERIFIED, AUTH_SECOND_FACTOR_FAILED,
              AUTH_SECOND_FACTOR_RESET)
# What do_record_refused_sign_in writes: an attempt that signed nobody in, by someone not signed in.
REFUSED_SIGN_IN_VERBS = (AUTH_LOGIN_FAILED, AUTH_REFUSED, AUTH_LOCKED_OUT)
ANONYMOUS = "anonymous"  # the actor label of an attempt by someone not signed in


@transaction.atomic
def do_record_auth_event(*, user: User, verb: str, changes: Mapping[str, Any] | None = None) -> None:
    """Sign-ins and sign-outs belong to the trail an auditor reads."""
    _check_auth_verb(verb)
    audit.record(actor=user, verb=verb, object_type="user", object_id=user.pk, changes=changes or {})


@transaction.atomic
def do_record_refused_sign_in(*, verb: str, username: str, method: str, reason: str = "") -> None:
    """An attempt that signed nobody in (a wrong password, a refused provider answer, a lock-out). Nobody is signed
    in, so the actor is anonymous; the account it was for, when there is one, is the event's object (so its
    auditors see it). Nothing else is written. Anyone may fail to sign in: the action is public, like a
    resident's contact request."""
    authorize(None, PUBLIC)
    if verb not in REFUSED_SIGN_IN_VERBS:
        raise ValueError(f"{verb!r} is no refused sign-in.")
    username = (username or "")[:150]
    user = User.objects.filter(username=username).first() if username else None
    audit.record(actor=None, actor_label=ANONYMOUS, verb=verb, object_type="user",
                 object_id=user.pk if user else "",
                 changes={"username": username, "method": method, **({"reason": reason} if reason else {})})


def _check_auth_verb(verb: str) -> None:
    if verb not in AUTH_VERBS:
        raise ValueError(f"{verb!r} is no sign-in event.")


def new_second_factor_key() -> str:
    """A fresh TOTP secret (160 bits, hex) for an enrolment."""
    return secrets.token_hex(20)


def second_factor_step(key: str, token: str | None) -> int | None:
    """The time step at which `token` is a right code of the secret `key` (one step either side allowed), or None."""
    token = (token or "").strip().replace(" ", "")
    if not (len(token) == 6 and token.isdigit()):
        return None
    totp = TOTP(bytes.fromhex(key), step=30, t0=0, digits=6)
    totp.time = time.time()
    return totp.t() if totp.verify(int(token), tolerance=1) else None


@transaction.atomic
def do_enrol_second_factor(*, actor: Any, user: User, key: str, token: str | None, name: str = "default") -> \
        TOTPDevice | None:
    """Enrol the user's authenticator app (TOTP) with the secret `key` (hex): once they have typed a right code
    from it (`token`), or at once from the command line (the demo). None, with nothing saved, for a wrong code.
    An earlier device of the user's is replaced."""
    authorize(actor, "core.use_second_factor" if actor == user else "core.administer")
    step = second_factor_step(key, token)
    if actor is not SYSTEM and step is None:
        audit.record(actor=as_user(actor), verb=AUTH_SECOND_FACTOR_FAILED, object_type="user", object_id=user.pk,
                     changes={"step": "enrolment"})
        return None
    replaced = TOTPDevice.objects.filter(user=user).delete()[0]
    # The code that enrolled it cannot sign in again (django-otp refuses steps up to last_t).
    device = TOTPDevice.objects.create(user=user, name=name, key=key, confirmed=True,
                                       last_t=step if step is not None else -1)
    audit.record(actor=as_user(actor), verb=AUTH_SECOND_FACTOR_ENROLLED, object_type="user", object_id=user.pk,
                 changes={"device": name, "replaced": replaced})
    return device


@transaction.atomic
def do_verify_second_factor(*, actor: User, device: TOTPDevice, token: str) -> bool:
    """Check a code of the user's own device (django-otp counts and throttles failures on the device; the view
    counts them toward the lock-out too). One audit event either way."""
    authorize(actor, "core.use_second_factor")
    if device.user_id != actor.pk:
        raise PermissionError("Only one's own device verifies one's sign-in.")
    verified = device.verify_token(token)
    audit.record(actor=actor, verb=AUTH_SECOND_FACTOR_VERIFIED if verified else AUTH_SECOND_FACTOR_FAILED,
                 object_type="user", object_id=actor.pk, changes={"step": "sign-in"})
    return verified


@transaction.atomic
def do_reset_second_factor(*, actor: Any, user: User) -> int:
    """An administrator's recovery when the app is lost: the device goes, and the next sign-in enrols anew."""
    authorize(actor, "core.administer")
    removed = TOTPDevice.objects.filter(user=user).delete()[0]
    audit.record(actor=as_user(actor), verb=AUTH_SECOND_FACTOR_RESET, object_type="user", object_id=user.pk,
                 changes={"removed": removed})
    return removed


def record_accesses(
    *, actor: User, purpose: AccessPurpose, looks: Iterable[tuple[str, object, int | None, object]], reason: str = "",
) -> None:
    """Log every person a list, search or export showed: one row per (record type, record id, unit id, person)."""
    AccessLog.objects.bulk_create([
        AccessLog(actor=actor, unit_id=unit_id, purpose=purpose, object_type=object_type, object_id=str(object_id),
                  person_id=str(person_id or ""), reason=reason[:300])
        for object_type, object_id, unit_id, person_id in looks
    ])


def record_access(
    *, actor: User, purpose: AccessPurpose, object_type: str, object_id: object, unit: Unit | None = None,
    person_id: object = "", reason: str = "",
) -> AccessLog:
    """Log a look at a personal record. Called by the queries that return one, never skipped."""
    return AccessLog.objects.create(
        actor=actor, unit=unit, purpose=purpose, object_type=object_type, object_id=str(object_id),
        person_id=str(person_id or ""), reason=reason[:300],
    )


@transaction.atomic
def do_dispose_record(*, actor: Any, plan: retention.Plan, record: retention.Due) -> None:
    """Gallring of one record whose retention period has passed: the app's own disposal and one audit event
    that says which rule and legal basis allowed it (and never what the record held)."""
    authorize(actor, "core.run_retention", record.unit)
    if record.hold:
        raise PermissionError(f"{record.object_type} {record.object_id} is under a legal hold.")
    plan.dispose(record)
    audit.record(actor=as_user(actor), verb="retention.disposed", object_type=record.object_type,
                 object_id=record.object_id, unit=record.unit, changes={
                     "rule": plan.rule.kind, "keep": str(plan.rule.keep), "counted_from": str(plan.kind.counted_from),
                     "period_start": record.period_start.isoformat(), "legal_basis": plan.rule.legal_basis,
                 })


# A backup is a copy of the whole register, so the log says when one was made and where it went; a restore says
# which backup the database now holds. The command line is the actor (whoever may reach the database files).
@transaction.atomic
def do_record_backup(*, actor: Any, folder: str, manifest: dict[str, Any]) -> None:
    authorize(actor, "core.make_backup")
    audit.record(actor=as_user(actor), verb="backup.made", object_type="backup", object_id=_folder_name(folder),
                 changes={"folder": folder, **_backup_summary(manifest)})


@transaction.atomic
def do_record_restore(*, actor: Any, folder: str, manifest: dict[str, Any]) -> None:
    authorize(actor, "core.make_backup")
    audit.record(actor=as_user(actor), verb="backup.restored", object_type="backup", object_id=_folder_name(folder),
                 changes={"folder": folder, **_backup_summary(manifest),
                          "backup_created_at": manifest.get("created_at", "")})


def _folder_name(folder: str) -> str:
    """The event names the backup by its folder's last part (a date, as the docs suggest); the path is in changes."""
    return folder.rstrip("/").rsplit("/", 1)[-1][-64:]


def _backup_summary(manifest: dict[str, Any]) -> dict[str, Any]:
    return {"vendor": manifest["database"]["vendor"], "rows": sum(manifest["tables"].values()),
            "documents": sum(1 for name in manifest["files"] if name.startswith("documents/"))}
