"""A case and everything inside it. Stage changes go only through flows.py; writes only through actions.py."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hemvag.core.models import Unit
from hemvag.core.validation import limited_text, validate_country_code
from hemvag.people.models import Household, Person

USER = settings.AUTH_USER_MODEL
REOPEN_REASON_MAX = 1000  # the reason a closed case is reopened, kept in its timeline and audit event


class Stage(models.TextChoices):
    INQUIRY = "inquiry", _("Inquiry")
    COUNSELLING = "counselling", _("Counselling")
    PREPARING_APPLICATION = "preparing_application", _("Preparing the application")
    SUBMITTED = "submitted", _("Application submitted")
    DECIDED = "decided", _("Decided")
    DEPARTURE_PLANNED = "departure_planned", _("Departure planned")
    DEPARTED = "departed", _("Departed")
    FOLLOW_UP = "follow_up", _("Follow-up")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    CLOSED_WITHOUT_APPLICATION = "closed_without_application", _("Closed without application")


# The stages a case ends in (flows.py's state machine leaves none of them but by reopening). A tuple in a fixed
# order, not a set: "open cases" is then the same SQL in every process, the condition of the open cases' index.
FINAL_STAGES = (Stage.CLOSED, Stage.CLOSED_WITHOUT_APPLICATION, Stage.WITHDRAWN)


class Programme(models.TextChoices):
    RETURN_GRANT = "return_grant", _("Return grant")
    REINTEGRATION_SUPPORT = "reintegration_support", _("Reintegration support")
    UNDECIDED = "undecided", _("Not yet known")


class Channel(models.TextChoices):
    COUNSELLOR = "counsellor", _("Registered by a counsellor")
    CONTACT_REQUEST = "contact_request", _("Contact request from the resident")
    STAFF_REFERRAL = "staff_referral", _("Referral from city staff")


class DecisionOutcome(models.TextChoices):
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")


class RefusalReasonCode(models.TextChoices):
    """Why Migrationsverket refused, as structured codes (the statistics contract's list, in its order)."""

    PERMIT_GROUND = "permit_ground", _("Residence permit on a ground that does not qualify")
    PERMIT_DATE = "permit_date", _("Residence permit granted too late")
    PERMIT_NOT_VALID = "permit_not_valid", _("Residence permit no longer valid")
    NOT_REGISTERED = "not_registered", _("Not registered as resident in Sweden")
    SWEDISH_CITIZEN = "swedish_citizen", _("Swedish citizen")
    TEMPORARY_PROTECTION = "temporary_protection", _("Temporary protection")
    DEBTS = "debts", _("Debts to the state")
    CAN_PAY_JOURNEY = "can_pay_journey", _("Can pay the journey themselves")
    NO_PASSPORT = "no_passport", _("No passport or travel document")
    RECEIVED_BEFORE = "received_before", _("Has received a grant before")
    NOT_SETTLING_PERMANENTLY = "not_settling_permanently", _("Not settling permanently")
    FAMILY_MEMBER_NOT_COUNTED = "family_member_not_counted", _("A family member does not count")
    OTHER = "other", _("Other reason")


class CaseCounter(models.Model):
    """The last reference number used per unit and year (locked while a case is created)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="one_counter_per_unit_and_year")]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.year}: {self.last_number}"


class Case(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="cases", verbose_name=_("unit"))
    # Hemväg's own reference (STH-2026-0042); empty for a case imported from an earlier register, which keeps
    # that register's reference in `register_ref` so the two kinds can never be confused.
    reference = models.CharField(_("reference"), max_length=20, blank=True)
    register_ref = models.CharField(_("reference in the earlier register"), max_length=40, blank=True)
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="cases",
                                  verbose_name=_("household"))
    # The day the case began (Europe/Stockholm): today for a new case, the register's date for an imported one.
    opened_on = models.DateField(_("opened on"), default=timezone.localdate, db_index=True)
    assigned_counsellor = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT,
                                            related_name="assigned_cases", verbose_name=_("counsellor"))
    stage = models.CharField(_("stage"), max_length=32, choices=Stage.choices, default=Stage.INQUIRY,
                             db_index=True)
    programme = models.CharField(_("programme"), max_length=24, choices=Programme.choices,
                                 default=Programme.UNDECIDED)
    destination_country = models.CharField(_("destination country"), max_length=2, blank=True,
                                           validators=[validate_country_code],
                                           help_text=_("Two-letter country code, e.g. IQ, BA, SO."))
    channel = models.CharField(_("how the case began"), max_length=20, choices=Channel.choices,
                               default=Channel.COUNSELLOR)
    referred_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("referred by"))
    inquiry_message = limited_text(_("message with the inquiry"), 4000, blank=True)
    inquiry_consent_text = limited_text(_("consent given with the inquiry"), 4000, blank=True)
    # The eligibility facts document (contract), kept with the case and prefilled from the people records.
    facts = models.JSONField(_("eligibility facts"), default=dict, blank=True)
    submitted_on = models.DateField(_("application submitted on"), null=True, blank=True)
    migration_agency_case_number = models.CharField(_("Migrationsverket's case number"), max_length=40, blank=True)
    decision = models.CharField(_("decision"), max_length=12, choices=DecisionOutcome.choices, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_amount_sek = models.PositiveIntegerField(_("amount granted (SEK)"), null=True, blank=True)
    decision_reasons = limited_text(_("reasons given"), 5000, blank=True)
    planned_departure_on = models.DateField(_("planned departure"), null=True, blank=True)
    departed_on = models.DateField(_("departed on"), null=True, blank=True)
    repayment_flag = models.BooleanField(
        _("returned to Sweden (repayment may apply)"), default=False,
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # The calendar day of closing (of the withdrawal, for a withdrawn case): what statistics count by.
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Set by gallring (core.retention): the day the case's personal data was removed, its counts kept.
    personal_data_removed_on = models.DateField(_("personal data removed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "reference"], condition=~models.Q(reference=""),
                                    name="case_reference_unique_per_unit"),
            models.UniqueConstraint(fields=["unit", "register_ref"], condition=~models.Q(register_ref=""),
                                    name="case_register_ref_unique_per_unit"),
            models.CheckConstraint(condition=~models.Q(reference="", register_ref=""), name="case_has_a_reference"),
        ]
        # The case list filters by unit and sorts by one column with the id as tie-breaker (queries.SORTS): an
        # index per sort, in both directions where the tie-breaker runs against the column (bench/README.md,
        # "Scale"). The search's expression indexes are PostgreSQL's own (migration 0008).
        indexes = [
            models.Index(fields=["unit", "stage", "id"], name="case_unit_stage_idx"),
            models.Index(fields=["unit", "stage", "-id"], name="case_unit_stage_iddesc_idx"),
            models.Index(fields=["unit", "decided_on"], name="case_unit_decided_idx"),
            models.Index(fields=["unit", "created_at", "id"], name="case_unit_created_idx"),
            models.Index(fields=["unit", "stage", "created_at"], name="case_unit_stage_created_idx"),  # inquiries
            models.Index(fields=["assigned_counsellor", "stage"], name="case_counsellor_stage_idx"),  # start page
            # "a counsellor's cases", newest first (the list's default order) and counted in that order
            models.Index(fields=["assigned_counsellor", "created_at", "id"], name="case_counsellor_created_idx"),
            models.Index(fields=["unit", "reference"], name="case_unit_reference_idx"),
            models.Index(fields=["unit", "destination_country", "id"], name="case_unit_country_idx"),
            models.Index(fields=["unit", "destination_country", "-id"], name="case_unit_country_iddesc_idx"),
            # The same sorts without the unit, for an actor in several units (`unit IN (…)`: no per-unit index
            # gives one order across units; a manager's list sorted by stage took 300 ms).
            models.Index(fields=["reference"], name="case_reference_idx"),
            # open cases by reference across units: the references of the closed years come first otherwise
            models.Index(fields=["reference"], condition=~models.Q(stage__in=FINAL_STAGES),
                         name="case_open_reference_idx"),
            models.Index(fields=["stage", "id"], name="case_stage_id_idx"),
            models.Index(fields=["stage", "-id"], name="case_stage_iddesc_idx"),
            models.Index(fields=["destination_country", "id"], name="case_country_idx"),
            models.Index(fields=["destination_country", "-id"], name="case_country_iddesc_idx"),
        ]

    def __str__(self) -> str:
        return self.shown_reference

    @property
    def shown_reference(self) -> str:
        return self.reference or self.register_ref

    @property
    def is_imported(self) -> bool:
        return not self.reference


class RefusalReason(models.Model):
    """One structured reason for a refusal; a refused case has any number of them, each at most once."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="refusal_reasons")
    code = models.CharField(_("reason"), max_length=32, choices=RefusalReasonCode.choices)

    class Meta:
        verbose_name = _("reason for refusal")
        verbose_name_plural = _("reasons for refusal")
        ordering = ["case", "code"]
        constraints = [models.UniqueConstraint(fields=["case", "code"], name="refusal_reason_once_per_case")]

    def __str__(self) -> str:
        return f"{self.code} of case {self.case_id}"


class CaseItem(models.Model):
    """Something recorded inside a case. str() names it without personal content (it may reach logs)."""

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self._meta.model_name} {self.pk} of case {self.case_id}"  # type: ignore[attr-defined]


class TimelineEntry(CaseItem):
    """What happened in the case, in order: stage changes and every recorded step, with who and when."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="timeline")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=40)
    summary = models.CharField(max_length=300)
    from_stage = models.CharField(max_length=32, blank=True)
    to_stage = models.CharField(max_length=32, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]


class ContactForm(models.TextChoices):
    MEETING = "meeting", _("Meeting")
    PHONE = "phone", _("Phone")
    VIDEO = "video", _("Video")


class CounsellingNote(CaseItem):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    held_on = models.DateField(_("date"))
    form = models.CharField(_("form"), max_length=10, choices=ContactForm.choices)
    interpreter_used = models.BooleanField(_("interpreter used"), default=False)
    language = models.CharField(_("language"), max_length=60, blank=True)
    text = limited_text(_("note"), 10_000)
    author = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]


class DecisionRecord(CaseItem):
    """The record of a voluntary, informed decision: what the person was told, in which language, and that
    they know they can change their mind at any time."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="decision_records")
    information_given = limited_text(_("information given"), 5000)
    language = models.CharField(_("language"), max_length=60)
    interpreter_used = models.BooleanField(_("interpreter used"), default=False)
    knows_can_change_mind = models.BooleanField(_("knows they can change their mind at any time"))
    recorded_on = models.DateField(_("date"))
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-recorded_on", "-pk"]


class Recipient(models.TextChoices):
    MIGRATION_AGENCY = "migration_agency", _("Migrationsverket")
    SOCIAL_SERVICES = "social_services", _("Social services")
    IOM = "iom", _("IOM")
    PARTNER_ORGANISATION = "partner_organisation", _("Partner organisation")
    PARTNER_OFFICE_ABROAD = "partner_office_abroad", _("Partner office abroad")
    OTHER_MUNICIPALITY = "other_municipality", _("Another municipality")


class ConsentMethod(models.TextChoices):
    WRITTEN = "written", _("Signed in writing")
    ORAL = "oral", _("Orally, noted by the counsellor")
    DIGITAL = "digital", _("Digitally")


class Consent(CaseItem):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consents")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="consents", verbose_name=_("given by"))
    recipient = models.CharField(_("recipient"), max_length=24, choices=Recipient.choices)
    recipient_name = models.CharField(_("recipient's name"), max_length=160, blank=True,
                                      help_text=_("Needed for a partner organisation or another municipality."))
    scope = limited_text(_("what may be shared"), 2000)
    given_on = models.DateField(_("given on"))
    method = models.CharField(_("how it was given"), max_length=10, choices=ConsentMethod.choices)
    document = models.ForeignKey("Document", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("signed document"))
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-given_on", "-pk"]


class ReferralState(models.TextChoices):
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    DONE = "done", _("Done")


class Referral(CaseItem):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referrals")
    recipient = models.CharField(_("recipient"), max_length=24, choices=Recipient.choices)
    recipient_name = models.CharField(_("recipient's name"), max_length=160, blank=True)
    purpose = limited_text(_("purpose"), 2000)
    state = models.CharField(_("state"), max_length=10, choices=ReferralState.choices, default=ReferralState.SENT)
    sent_on = models.DateField(_("sent on"))
    consent = models.ForeignKey(Consent, null=True, blank=True, on_delete=models.PROTECT, related_name="referrals")
    override_reason = limited_text(_("reason for sending without consent"), 2000, blank=True)
    overridden_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-sent_on", "-pk"]


class TaskKind(models.TextChoices):
    PASSPORT = "passport", _("Passport")
    VISA = "visa", _("Visas and permits")
    TICKETS = "tickets", _("Tickets")
    DEREGISTRATION = "deregistration", _("Deregistration with Skatteverket")
    HOUSING = "housing", _("Housing")
    OTHER = "other", _("Other")


class Task(CaseItem):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    kind = models.CharField(_("kind"), max_length=16, choices=TaskKind.choices)
    title = models.CharField(_("what to do"), max_length=200)
    due_on = models.DateField(_("due date"))
    owner = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="tasks", verbose_name=_("owner"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["done_on", "due_on", "pk"]
        # Open tasks are a small part of all: the list's "overdue" filter asks by case, the start page by owner.
        indexes = [
            models.Index(fields=["case", "due_on"], condition=models.Q(done_on__isnull=True),
                         name="task_open_by_case_idx"),
            models.Index(fields=["owner", "due_on"], condition=models.Q(done_on__isnull=True),
                         name="task_open_by_owner_idx"),
        ]


class Document(CaseItem):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(upload_to="cases/%Y/")
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    description = models.CharField(_("description"), max_length=200)
    uploaded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]


class EligibilitySnapshot(CaseItem):
    """One run of the rules engine: the facts, the regime and parameters used, the result — reproducible."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="eligibility_snapshots")
    facts = models.JSONField()
    result = models.JSONField()
    evaluated_on = models.DateField()
    run_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]


class Payment(CaseItem):
    """An instalment as Migrationsverket reports it: decided, then received."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="payments")
    instalment = models.PositiveSmallIntegerField(_("instalment"))
    amount_sek = models.PositiveIntegerField(_("amount (SEK)"))
    decided_on = models.DateField(_("decided on"))
    received_on = models.DateField(_("received on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["instalment", "pk"]


class ReintegrationStep(models.TextChoices):
    """The unit's eight-stage model (RULES.md §5; the eighth, follow-up, as in IOM's model)."""

    DOCUMENTS = "documents", _("Documents")
    HOUSING = "housing", _("Housing")
    TRAINING = "training", _("Training in Sweden")
    EMPLOYMENT = "employment", _("Employment")
    OTHER_NEEDS = "other_needs", _("Other needs")
    TRIAL_PERIOD = "trial_period", _("Trial period in the home country")
    DEREGISTRATION = "deregistration", _("Deregistration with Swedish authorities")
    FOLLOW_UP = "follow_up", _("Follow-up after return")


class StepStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    NOT_NEEDED = "not_needed", _("Not needed")


class ReintegrationPlanStep(CaseItem):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="plan_steps")
    step = models.CharField(_("stage"), max_length=16, choices=ReintegrationStep.choices)
    status = models.CharField(_("status"), max_length=12, choices=StepStatus.choices, default=StepStatus.NOT_STARTED)
    partner = models.CharField(_("partner"), max_length=160, blank=True)
    notes = limited_text(_("notes"), 5000, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "step"], name="one_plan_step_per_case")]


FOLLOW_UP_MONTHS = (1, 3, 6, 12)


class FollowUp(CaseItem):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="follow_ups")
    months_after_departure = models.PositiveSmallIntegerField(_("months after departure"))
    due_on = models.DateField(_("due date"))
    done_on = models.DateField(_("contacted on"), null=True, blank=True)
    form = models.CharField(_("form"), max_length=10, choices=ContactForm.choices, blank=True)
    outcome = limited_text(_("outcome"), 5000, blank=True)

    class Meta:
        ordering = ["due_on"]
        constraints = [
            models.UniqueConstraint(fields=["case", "months_after_departure"], name="one_follow_up_per_month_mark")
        ]


LEGAL_HOLD_REASON_MAX = 1000
ERASURE_REQUEST_MAX = 1000  # what the person asked for, kept in the erasure's audit event


class LegalHold(CaseItem):
    """A decision that a case must be kept whatever its retention period says (a request under the principle of
    public access, a complaint, a court or JO matter): while it is in force nothing of the case is disposed of."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="legal_holds")
    reason = limited_text(_("reason"), LEGAL_HOLD_REASON_MAX)
    placed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("placed by"))
    placed_at = models.DateTimeField(_("placed"), auto_now_add=True)
    lifted_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("lifted by"))
    lifted_at = models.DateTimeField(_("lifted"), null=True, blank=True)
    lift_reason = limited_text(_("why it was lifted"), LEGAL_HOLD_REASON_MAX, blank=True)

    class Meta:
        verbose_name = _("legal hold")
        verbose_name_plural = _("legal holds")
        ordering = ["-placed_at", "-pk"]
