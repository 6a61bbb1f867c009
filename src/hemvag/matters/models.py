"""Matters (ärenden): motions and referrals for consultation (remisser), the unit's statement on them, the
bodies consulted and their answers, and the committee's decision.

A statement is kept as versions: every save of the draft is a new version, never an edit of an old one, so
versions can be compared and the approved one is exactly what was approved. Its live facts are computed when
the draft is saved or refreshed and frozen when it is approved.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    MOTION = "motion", _("Motion")
    MOTION_REMISS = "motion_remiss", _("Referral of a motion")
    EXTERNAL_REMISS = "external_remiss", _("Referral from the state or another authority")
    SKRIVELSE = "skrivelse", _("Written communication (skrivelse)")
    OTHER = "other", _("Other")


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    ASSIGNED = "assigned", _("Assigned")
    DRAFTING = "drafting", _("Drafting")
    IN_REVIEW = "in_review", _("In review")
    APPROVED = "approved", _("Approved")
    DECIDED = "decided", _("Decided by the committee")
    SENT = "sent", _("Sent")
    CLOSED = "closed", _("Closed")


class Position(models.TextChoices):
    SUPPORTS = "supports", _("Supports (tillstyrker)")
    OPPOSES = "opposes", _("Opposes (avstyrker)")
    NO_POSITION = "no_position", _("Takes no position (tar inte ställning)")
    NO_OBJECTION = "no_objection", _("No objection (inget att erinra)")
    PARTLY = "partly", _("Partly (delvis)")


class Matter(models.Model):
    unit = models.ForeignKey("core.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    reference = models.CharField(_("our reference"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    sender = models.CharField(_("sender"), max_length=200, blank=True)
    sender_reference = models.CharField(_("sender's diary number"), max_length=60, blank=True, db_index=True)
    title = models.CharField(_("title (ärendemening)"), max_length=400)
    motion_number = models.CharField(_("motion number"), max_length=40, blank=True)
    motion_made_on = models.DateField(_("motion made on"), null=True, blank=True)
    # Public information: the motion's authors as the motion names them, with their party.
    authors = models.JSONField(_("authors"), default=list, blank=True)
    received_on = models.DateField(_("received"))
    answer_by = models.DateField(_("answer by"), null=True, blank=True)
    consulted_elsewhere = models.TextField(_("other bodies consulted"), blank=True)
    handler = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+", verbose_name=_("official (handläggare)"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.RECEIVED)
    approved_version = models.ForeignKey("StatementVersion", on_delete=models.PROTECT, null=True, blank=True,
                                         related_name="+", verbose_name=_("approved version"))
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("approved by"))
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_meeting = models.CharField(_("meeting"), max_length=200, blank=True)
    decision_paragraph = models.CharField(_("paragraph"), max_length=40, blank=True)
    decision_text = models.TextField(_("decision"), blank=True)
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("matter")
        constraints = [models.CheckConstraint(
            condition=models.Q(answer_by__isnull=True) | models.Q(answer_by__gte=models.F("received_on")),
            name="matter_answer_after_received")]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def decide_motion_by(self) -> dt.date | None:
        """A motion should be decided within a year of being made (kommunallagen 5 kap. 35 §)."""
        made = self.motion_made_on
        if made is None:
            return None
        try:
            return made.replace(year=made.year + 1)
        except ValueError:  # 29 February
            return made.replace(year=made.year + 1, day=28)

    @property
    def is_open(self) -> bool:
        return self.status != Status.CLOSED

    @property
    def is_public(self) -> bool:
        """A public document (allmän handling) once sent; a draft is internal until then."""
        return self.status in (Status.SENT, Status.CLOSED)


class StatementVersion(models.Model):
    """One saved version of the statement (tjänsteutlåtande or yttrande), in the seeds' sections."""

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="versions",
                               verbose_name=_("matter"))
    number = models.PositiveIntegerField(_("version"))
    proposal = models.JSONField(_("proposed decision (numbered points)"), default=list)
    summary = models.TextField(_("summary"), blank=True)
    background = models.TextField(_("background"), blank=True)
    matter_text = models.TextField(_("the matter (ärendet)"), blank=True)
    preparation = models.TextField(_("preparation (ärendets beredning)"), blank=True)
    views = models.TextField(_("the office's views and proposals"), blank=True)
    signatures = models.JSONField(_("signatures"), default=list)  # [{"name", "title", "organisation"}]
    attachments = models.JSONField(_("attachments (bilagor)"), default=list)  # ["Motion om …"]
    # The live facts as computed for this version: [{"key", "params", "text", "definition", "computed_at"}].
    facts = models.JSONField(_("facts"), default=list)
    facts_frozen = models.BooleanField(_("facts frozen"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+", verbose_name=_("written by"))
    created_at = models.DateTimeField(_("saved"), auto_now_add=True)

    class Meta:
        ordering = ["matter", "-number"]
        constraints = [models.UniqueConstraint(fields=["matter", "number"], name="statement_version_unique")]

    def __str__(self) -> str:
        return f"{self.matter_id} v{self.number}"


class ConsultedBody(models.Model):
    """A body the matter was sent to for its answer (remissinstans), for the office that collects the answers."""

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="bodies", verbose_name=_("matter"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("body"), max_length=200)
    deadline = models.DateField(_("answer by"), null=True, blank=True)
    decided_on = models.DateField(_("decided on (the body)"), null=True, blank=True)
    decision = models.TextField(_("the body's decision"), blank=True)  # "att hänvisa till förvaltningens …"
    statement_dated = models.DateField(_("the officials' statement dated"), null=True, blank=True)
    office = models.CharField(_("office that wrote the statement"), max_length=200, blank=True)
    position = models.CharField(_("position"), max_length=16, choices=Position.choices, blank=True)
    wording = models.TextField(_("in the main the following wording"), blank=True)
    reminded_on = models.DateField(_("reminded on"), null=True, blank=True)

    class Meta:
        ordering = ["matter", "order", "pk"]
        verbose_name = _("consulted body")

    def __str__(self) -> str:
        return self.name

    @property
    def answered(self) -> bool:
        return bool(self.position or self.wording)


class MatterDocument(models.Model):
    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="documents", verbose_name=_("matter"))
    name = models.CharField(_("name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    data = models.BinaryField(_("content"), editable=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    related_name="+", verbose_name=_("added by"))
    uploaded_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["matter", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.name
