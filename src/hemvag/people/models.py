"""Persons and households. A person belongs to the unit that registered them; access follows the unit."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hemvag.core.models import Unit


def not_in_the_future(day: object) -> None:
    """A birth date cannot lie ahead (the API once took 2999-01-01)."""
    if day is not None and day > timezone.localdate():  # type: ignore[operator]
        raise ValidationError(_("A date of birth cannot be later than today."))


class LegalSex(models.TextChoices):
    """Legal sex, for statistics split by sex as Swedish official statistics are; empty means unknown."""

    FEMALE = "female", _("Female")
    MALE = "male", _("Male")


class Person(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="persons", verbose_name=_("unit"))
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    # Twelve digits YYYYMMDDNNNN, whatever format was typed; empty when the person has none.
    identity_number = models.CharField(_("identity number"), max_length=12, blank=True, db_index=True)
    is_coordination_number = models.BooleanField(_("coordination number"), default=False)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True, validators=[not_in_the_future])
    # Only the year, when that is all an earlier register knew: kept as a year, never turned into a date.
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    sex = models.CharField(_("legal sex"), max_length=6, choices=LegalSex.choices, blank=True,
                           help_text=_("As registered; leave empty when unknown. Used only for statistics."))
    protected_identity = models.BooleanField(
        _("protected identity"), default=False,
        help_text=_("Skyddade personuppgifter: name and contact details are shown only to the assigned counsellor."),
    )
    languages = models.CharField(_("languages"), max_length=120, blank=True,
                                 help_text=_("For example: arabic, swedish."))
    interpreter_needed = models.BooleanField(_("needs an interpreter"), default=False)
    interpreter_language = models.CharField(_("interpreter language"), max_length=60, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    contact_notes = models.CharField(_("how to reach"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["last_name", "first_name", "pk"]
        indexes = [  # the name search's exact names (PersonName), and the persons list's order
            models.Index(fields=["last_name", "first_name"], name="person_last_first_idx"),
            models.Index(fields=["first_name"], name="person_first_name_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "identity_number"], condition=~models.Q(identity_number=""),
                name="one_person_per_identity_number_and_unit",
            )
        ]

    def __str__(self) -> str:
        return f"person {self.pk}"  # never the name: str() ends up in logs

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class PersonName(models.Model):
    """Every first or family name a person holds, once, with how many hold it (PostgreSQL only).

    A name search matches a word anywhere in a name. Asked of the persons, a word's trigrams are looked up in an
    index over every person, where a common name's trigrams each stand for tens of thousands of them (25 ms for
    a family name on a million cases); asked of the register's few thousand distinct names, the same lookup takes
    a millisecond, and the persons are then found by their exact names in a B-tree (bench/README.md, "Scale").
    Statement-level triggers on people_person keep this table (people migration 0005), so no write path can
    forget it, and a name goes with its last holder: it holds no name that no person in the register has.
    """

    name = models.CharField(max_length=100, primary_key=True)
    holders = models.PositiveIntegerField()

    class Meta:
        managed = False  # made, filled and kept by people migration 0005, on PostgreSQL only
        db_table = "people_personname"

    def __str__(self) -> str:
        return "person name"  # never the name: str() ends up in logs


class Relation(models.TextChoices):
    """The eligibility contract's member roles."""

    MAIN_APPLICANT = "main_applicant", _("Main applicant")
    SPOUSE = "spouse", _("Spouse")
    COHABITING_PARTNER = "cohabiting_partner", _("Cohabiting partner")
    CHILD = "child", _("Child")
    OTHER_RELATIVE = "other_relative", _("Other relative")


class Household(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="households", verbose_name=_("unit"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")

    def __str__(self) -> str:
        return f"household {self.pk}"

    @property
    def main_person(self) -> Person | None:
        member = next((m for m in self.members.all() if m.relation == Relation.MAIN_APPLICANT), None)
        return member.person if member else None


class HouseholdMember(models.Model):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    relation = models.CharField(_("relation to the main person"), max_length=24, choices=Relation.choices)
    lives_with_main_person = models.BooleanField(_("lives with the main person"), null=True, blank=True)
    added_at = models.DateTimeField(auto_now_add=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")

    class Meta:
        verbose_name = _("household member")
        verbose_name_plural = _("household members")
        ordering = ["household", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["household", "person"], name="person_once_per_household"),
            models.UniqueConstraint(fields=["household"], condition=models.Q(relation="main_applicant"),
                                    name="one_main_person_per_household"),
        ]

    def __str__(self) -> str:
        return f"{self.person} in {self.household} as {self.relation}"


class IdentityAccessGrant(models.Model):
    """One user's access to one protected identity: a manager's deliberate decision, with a reason (or the
    registration of the person by that user, who entered the details themselves).

    A grant alone unmasks nothing: the person is shown only on a case the grantee is assigned to. Without a
    grant no counsellor may build a household or case around the person, add them to one, or take over a case
    that includes them — which is how a second counsellor once unmasked a protected person.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="identity_grants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="identity_grants")
    reason = models.TextField(_("reason"), max_length=1000)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    granted_at = models.DateTimeField(_("granted"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        verbose_name = _("access to a protected identity")
        verbose_name_plural = _("accesses to protected identities")
        ordering = ["-granted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["person", "user"], condition=models.Q(revoked_at__isnull=True),
                                    name="one_active_identity_grant"),
        ]

    def __str__(self) -> str:
        return f"identity grant {self.pk}"
