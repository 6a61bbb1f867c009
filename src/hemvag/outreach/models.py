"""Outreach and cooperation: the organisations the unit works with and its contacts there, agreements, the
activities (information meetings, staff trainings, visits to partner offices, conferences), the support to city
staff, and the activity plan (verksamhetsplan) whose lines the work follows up.

No resident is ever recorded here: an activity counts its participants, a consultation keeps only the topic.
A contact at an organisation holds only what the work needs, with the basis for keeping it, and can be removed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

MAX_PARTICIPANTS = 5000  # a larger number at one meeting is a typing mistake


class OrganisationKind(models.TextChoices):
    ASSOCIATION = "association", _("Immigrant association")
    AUTHORITY = "authority", _("Authority")
    INTERNATIONAL = "international", _("International organisation")
    PARTNER_OFFICE = "partner_office", _("Partner office abroad")
    MUNICIPALITY = "municipality", _("Municipality in Sweden or abroad")
    COUNSELLING = "counselling", _("Legal or social counselling organisation")
    OTHER = "other", _("Other")


class Organisation(models.Model):
    unit = models.ForeignKey("core.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=OrganisationKind.choices)
    country = models.CharField(_("country"), max_length=2, blank=True)  # ISO 3166-1 alpha-2
    city = models.CharField(_("city"), max_length=100, blank=True)
    languages = models.CharField(_("languages"), max_length=200, blank=True)
    communities = models.CharField(_("communities it reaches"), max_length=300, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        constraints = [models.UniqueConstraint(fields=["unit", "name"], name="organisation_unique_name")]

    def __str__(self) -> str:
        return self.name


class Contact(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="contacts",
                                     verbose_name=_("organisation"))
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True)
    work_phone = models.CharField(_("work phone"), max_length=40, blank=True)
    work_email = models.EmailField(_("work e-mail"), blank=True)
    basis = models.CharField(_("basis for keeping the contact"), max_length=300)
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["organisation", "name"]
        verbose_name = _("contact")

    def __str__(self) -> str:
        return self.name


class AgreementKind(models.TextChoices):
    AGREEMENT = "agreement", _("Agreement")
    LETTER_OF_INTENT = "letter_of_intent", _("Letter of intent")
    COOPERATION = "cooperation", _("Cooperation agreement")


class Agreement(models.Model):
    unit = models.ForeignKey("core.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    kind = models.CharField(_("kind"), max_length=16, choices=AgreementKind.choices)
    title = models.CharField(_("title"), max_length=300)
    parties = models.ManyToManyField(Organisation, related_name="agreements", verbose_name=_("parties"))
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    responsible = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("responsible"))
    remind_days = models.PositiveSmallIntegerField(_("reminder, days before expiry"), default=60)
    document_name = models.CharField(_("document"), max_length=200, blank=True)
    document = models.BinaryField(_("document content"), null=True, editable=False)

    class Meta:
        ordering = ["-valid_from", "pk"]
        verbose_name = _("agreement")
        constraints = [models.CheckConstraint(
            condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=models.F("valid_from")),
            name="agreement_ends_after_it_starts")]

    def __str__(self) -> str:
        return self.title


class PlanLine(models.Model):
    """A numbered line of work of an activity plan (verksamhetsplan), with its goal and indicators."""

    plan = models.ForeignKey("Plan", on_delete=models.CASCADE, related_name="lines", verbose_name=_("plan"))
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.TextField(_("line of work"))
    goal = models.TextField(_("goal"), blank=True)
    indicators = models.TextField(_("indicators"), blank=True)

    class Meta:
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="plan_line_number_unique")]

    def __str__(self) -> str:
        return f"{self.number}. {self.title[:60]}"


class Plan(models.Model):
    unit = models.ForeignKey("core.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    title = models.CharField(_("title"), max_length=300)
    first_year = models.PositiveSmallIntegerField(_("first year"))
    last_year = models.PositiveSmallIntegerField(_("last year"))

    class Meta:
        ordering = ["-first_year"]
        verbose_name = _("activity plan")
        constraints = [models.CheckConstraint(condition=models.Q(last_year__gte=models.F("first_year")),
                                              name="plan_ends_after_it_starts")]

    def __str__(self) -> str:
        return self.title


class ActivityKind(models.TextChoices):
    INFORMATION_MEETING = "information_meeting", _("Information meeting")
    STAFF_TRAINING = "staff_training", _("Training for city staff")
    PARTNER_VISIT = "partner_visit", _("Visit to or supervision of a partner office")
    CONFERENCE = "conference", _("Conference")
    OTHER = "other", _("Other")


class Activity(models.Model):
    unit = models.ForeignKey("core.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    kind = models.CharField(_("kind"), max_length=20, choices=ActivityKind.choices)
    title = models.CharField(_("title"), max_length=300)
    held_on = models.DateField(_("date"))
    starts_at = models.TimeField(_("starts at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    organisations = models.ManyToManyField(Organisation, blank=True, related_name="activities",
                                           verbose_name=_("organisations"))
    languages = models.CharField(_("languages"), max_length=200, blank=True)
    interpreter = models.BooleanField(_("with an interpreter"), default=False)
    topics = models.TextField(_("topics"), blank=True)
    participants = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    women = models.PositiveIntegerField(_("of whom women"), null=True, blank=True)
    men = models.PositiveIntegerField(_("of whom men"), null=True, blank=True)
    # The information pages shown, as content page slugs with the languages used: [{"page", "languages"}].
    materials = models.JSONField(_("materials used"), default=list, blank=True)
    follow_up = models.TextField(_("follow-up"), blank=True)
    plan_line = models.ForeignKey(PlanLine, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="activities", verbose_name=_("line of the plan"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    related_name="+", verbose_name=_("recorded by"))

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("activity")
        constraints = [models.CheckConstraint(condition=models.Q(participants__lte=MAX_PARTICIPANTS),
                                              name="activity_participants_max")]

    def __str__(self) -> str:
        return self.title


class ColleagueKind(models.TextChoices):
    SOCIAL_SERVICES = "social_services", _("Social services")
    SFI = "sfi", _("SFI (Swedish for immigrants)")
    LABOUR_MARKET = "labour_market", _("Labour market")
    DISTRICT_OFFICE = "district_office", _("District office")
    OTHER = "other", _("Other")


class Consultation(models.Model):
    """A colleague's question to the unit (support to city staff): never the resident's identity."""

    unit = models.ForeignKey("core.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    held_on = models.DateField(_("date"))
    colleague_kind = models.CharField(_("the colleague's service"), max_length=16, choices=ColleagueKind.choices)
    colleague_unit = models.CharField(_("the colleague's unit"), max_length=200, blank=True)
    topic = models.CharField(_("topic"), max_length=300)
    minutes = models.PositiveSmallIntegerField(_("time spent (minutes)"))
    led_to_referral = models.BooleanField(_("led to a referral"), default=False)
    plan_line = models.ForeignKey(PlanLine, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="consultations", verbose_name=_("line of the plan"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    related_name="+", verbose_name=_("recorded by"))

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("consultation")

    def __str__(self) -> str:
        return self.topic


class CalendarFeed(models.Model):
    """A subscription to the unit's calendar of activities: only a hash of the token is kept."""

    unit = models.ForeignKey("core.Unit", on_delete=models.CASCADE, related_name="+", verbose_name=_("unit"))
    token_hash = models.CharField(max_length=64, unique=True)
    label = models.CharField(_("label"), max_length=100)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    def __str__(self) -> str:
        return self.label


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    RUNNING = "running", _("Running")
    CLOSED = "closed", _("Closed")


class CostType(models.TextChoices):
    STAFF = "staff", _("Staff")
    TRAVEL = "travel", _("Travel")
    MATERIALS = "materials", _("Information and materials")
    PARTNERS = "partners", _("Partners")
    OTHER = "other", _("Other costs")


class Project(models.Model):
    unit = models.ForeignKey("core.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    funder = models.CharField(_("funder"), max_length=200, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    status = models.CharField(_("status"), max_length=8, choices=ProjectStatus.choices, default=ProjectStatus.PLANNED)
    lines = models.ManyToManyField(PlanLine, blank=True, related_name="projects", verbose_name=_("lines of the plan"))
    partners = models.ManyToManyField(Organisation, blank=True, related_name="projects", verbose_name=_("partners"))

    class Meta:
        ordering = ["-starts_on", "pk"]
        verbose_name = _("project")
        constraints = [models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")),
                                              name="project_ends_after_it_starts")]

    def __str__(self) -> str:
        return self.title


class BudgetLine(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="budget", verbose_name=_("project"))
    year = models.PositiveSmallIntegerField(_("year"))
    cost_type = models.CharField(_("cost type"), max_length=10, choices=CostType.choices)
    amount_sek = models.PositiveBigIntegerField(_("amount (SEK)"))

    class Meta:
        ordering = ["project", "year", "cost_type"]
        constraints = [models.UniqueConstraint(fields=["project", "year", "cost_type"], name="budget_line_unique")]

    def __str__(self) -> str:
        return f"{self.project_id} {self.year} {self.cost_type}"


class Spend(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="spend", verbose_name=_("project"))
    spent_on = models.DateField(_("date"))
    cost_type = models.CharField(_("cost type"), max_length=10, choices=CostType.choices)
    amount_sek = models.PositiveBigIntegerField(_("amount (SEK)"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["project", "spent_on", "pk"]

    def __str__(self) -> str:
        return f"{self.project_id} {self.spent_on} {self.amount_sek}"


class Indicator(models.Model):
    """A result indicator (in the spirit of IATI's results: baseline, target and the actual value per period)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="indicators",
                                verbose_name=_("project"))
    name = models.CharField(_("indicator"), max_length=300)
    measure = models.CharField(_("unit of measure"), max_length=60, blank=True)
    baseline = models.IntegerField(_("baseline"), default=0)
    target = models.IntegerField(_("target"))
    actuals = models.JSONField(_("actual values by year"), default=dict)  # {"2026": 12}

    class Meta:
        ordering = ["project", "pk"]

    def __str__(self) -> str:
        return self.name


class ProjectReport(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="reports", verbose_name=_("project"))
    title = models.CharField(_("report"), max_length=200)
    due_on = models.DateField(_("due on"))
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)

    class Meta:
        ordering = ["project", "due_on"]

    def __str__(self) -> str:
        return self.title


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")


class FundingApplication(models.Model):
    unit = models.ForeignKey("core.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    funder = models.CharField(_("funder"), max_length=200)
    call = models.CharField(_("call"), max_length=300, blank=True)
    title = models.CharField(_("title"), max_length=300)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    requested_sek = models.PositiveBigIntegerField(_("requested (SEK)"))
    status = models.CharField(_("status"), max_length=10, choices=ApplicationStatus.choices,
                              default=ApplicationStatus.DRAFT)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    granted_sek = models.PositiveBigIntegerField(_("granted (SEK)"), null=True, blank=True)
    conditions = models.TextField(_("conditions"), blank=True)
    project = models.ForeignKey(Project, on_delete=models.SET_NULL, null=True, blank=True, related_name="applications",
                                verbose_name=_("project"))

    class Meta:
        ordering = ["-deadline", "-pk"]
        verbose_name = _("funding application")

    def __str__(self) -> str:
        return self.title
