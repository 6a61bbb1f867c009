"""Organisational tenancy, users and roles, and the append-only audit and access logs."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from hemvag.core.references import validate_reference_prefix


class Municipality(models.Model):
    """Several municipalities may share one installation; each owns its units."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    code = models.CharField(_("municipality code"), max_length=4, unique=True, help_text=_("Four digits, e.g. 0180."))

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class UnitKind(models.TextChoices):
    VOLUNTARY_RETURN = "voluntary_return", _("Voluntary-return unit")
    SOCIAL_SERVICES = "social_services", _("Social services")
    LABOUR_MARKET = "labour_market", _("Labour market administration")
    EDUCATION = "education", _("Education administration")
    DISTRICT_OFFICE = "district_office", _("District office")
    OTHER = "other", _("Other")


class Unit(models.Model):
    """An organisational unit of a municipality: the boundary of what a user may see."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="units", verbose_name=_("municipality")
    )
    name = models.CharField(_("name"), max_length=160)
    kind = models.CharField(_("kind"), max_length=32, choices=UnitKind.choices)
    code = models.SlugField(_("short code"), max_length=20, unique=True,
                            help_text=_("The unit's internal short name, e.g. sth-fa."))
    reference_prefix = models.CharField(
        _("reference prefix"), max_length=6, unique=True, validators=[validate_reference_prefix],
        help_text=_("Two to six capital letters that begin the unit's case references, e.g. STH in STH-2026-0001."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["municipality__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="unit_name_unique_per_municipality")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.municipality.name})"


class Role(models.TextChoices):
    COUNSELLOR = "counsellor", _("Return counsellor")
    STAFF = "staff", _("City staff")
    MANAGER = "manager", _("Manager")
    ADMIN = "admin", _("Administrator")
    AUDITOR = "auditor", _("Auditor")


class User(AbstractUser):
    """A person who signs in. What they may do comes only from their memberships, never from flags."""

    objects: ClassVar[UserManager[User]] = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Membership(models.Model):
    """A user's role in one unit. A user may belong to several units, with one role in each."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("unit"))
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["unit__name", "user__username"]
        constraints = [models.UniqueConstraint(fields=["user", "unit"], name="one_role_per_user_and_unit")]

    def __str__(self) -> str:
        return f"{self.user} · {self.unit} · {self.get_role_display()}"


class AppendOnlyQuerySet(models.QuerySet):
    """Bulk updates and deletes are refused: the logs can only grow."""

    def update(self, **kwargs: Any) -> int:
        raise PermissionError("This log is append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("This log is append-only.")


class DisposableLogQuerySet(AppendOnlyQuerySet):
    """A log that grows only, except by gallring: `dispose` is called by the retention rule for the log alone
    (core.retention), inside the action that audits the removal."""

    def dispose(self) -> int:
        return super(AppendOnlyQuerySet, self).delete()[0]


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("This log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("This log is append-only.")


class AuditEvent(AppendOnlyModel):
    """One recorded change, written by the action that made it, chained to the one before by SHA-256."""

    seq = models.PositiveBigIntegerField(_("sequence number"), unique=True)
    created_at = models.DateTimeField(_("time"), db_index=True)
    actor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("actor")
    )
    # Kept as text as well, so the record still says who it was if the account is renamed.
    actor_label = models.CharField(_("actor"), max_length=150)
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    verb = models.CharField(_("what happened"), max_length=64, db_index=True)
    object_type = models.CharField(_("object type"), max_length=64)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    changes = models.JSONField(_("changed fields"), default=dict, blank=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-seq"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"#{self.seq} {self.verb} {self.object_type}:{self.object_id}"


class AccessPurpose(models.TextChoices):
    VIEW = "view", _("Viewed")
    EXPORT = "export", _("Exported")
    DOWNLOAD = "download", _("Downloaded a document")
    SEARCH = "search", _("Found in a search")
    LIST = "list", _("Shown in a list")


class AccessLog(AppendOnlyModel):
    """Who read which personal record, when and why: the basis of a person's register extract."""

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("user"))
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    purpose = models.CharField(_("purpose"), max_length=16, choices=AccessPurpose.choices)
    object_type = models.CharField(_("record type"), max_length=64)
    object_id = models.CharField(_("record id"), max_length=64)
    person_id = models.CharField(_("person id"), max_length=64, blank=True, db_index=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    objects = DisposableLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("access-log entry")
        verbose_name_plural = _("access log")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.actor_id} {self.purpose} {self.object_type}:{self.object_id}"


class ApiToken(models.Model):
    """A personal access token for the API. Only a SHA-256 digest is stored; the token is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user"))
    name = models.CharField(_("name"), max_length=80)
    prefix = models.CharField(_("prefix"), max_length=12, unique=True)
    digest = models.CharField(_("digest"), max_length=64)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"
