"""Gallring of cases: which closed cases, documents and inquiries have passed their retention period (the rules
are core's data, core/retention.yaml), and how their personal data is removed while their counts are kept.

What stays of a disposed case is exactly what the statistics count: its unit, reference, dates, stage, programme,
channel, destination, decision, amounts, refusal reasons and payments, and its household's members with their
relation, legal sex and a birth date that gives the same age on every day the statistics date the case by (see
`statistical_birth_date`). Everything else — names, identity numbers, contact details, notes, documents,
consents, facts, the timeline, free texts — is removed. Core's action calls `dispose_*` inside its transaction
and writes the audit event.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from hemvag.cases.flows import FINAL_STAGES
from hemvag.cases.models import Case, Document, LegalHold, Stage, TimelineEntry
from hemvag.core.retention import Due, load_rules
from hemvag.people.models import HouseholdMember, IdentityAccessGrant, Person

# The days the statistics date a case by (reports' measures): a person's age on each of them must survive.
# What disposal removes of a person: all of people.actions.PERSON_FIELDS but what the statistics count (birth
# date, coarsened below, and legal sex). Written out because cases.queries, which reports may import, reads this
# module, and reports may not reach people's actions.
REMOVED_PERSON_FIELDS = ("first_name", "last_name", "identity_number", "protected_identity", "languages",
                         "interpreter_needed", "interpreter_language", "phone", "email", "address", "contact_notes")
STATISTICS_DATES = ("opened_on", "submitted_on", "decided_on", "departed_on", "closed_on")
YEAR_END = (12, 31)


def _active_hold(case: str = "pk") -> Subquery:
    """The reason of a hold in force on the case (`case` names the outer query's case), or None."""
    return Subquery(LegalHold.objects.filter(case=OuterRef(case), lifted_at__isnull=True).values("reason")[:1])


def never_counselled() -> Q:
    """An inquiry that never became a case: Hemväg's own case that never reached counselling."""
    reached = TimelineEntry.objects.filter(case=OuterRef("pk"), to_stage=Stage.COUNSELLING)
    return Q(stage__in=[Stage.INQUIRY, Stage.WITHDRAWN, Stage.CLOSED_WITHOUT_APPLICATION],
             submitted_on__isnull=True) & ~Exists(reached) & ~Q(reference="")


def _kept_cases() -> QuerySet[Case]:
    return Case.objects.filter(personal_data_removed_on__isnull=True).select_related("unit").annotate(
        hold=_active_hold())


def _due(case: Case, start: dt.date, what: str) -> Due:
    return Due(object_type="case", object_id=str(case.pk), unit=case.unit, period_start=start,
               label=f"{what} {case.shown_reference} ({case.stage}, {start:%Y-%m-%d})", hold=case.hold or "")


def closed_cases_due(cutoff: dt.date, today: dt.date) -> list[Due]:
    cases = _kept_cases().filter(stage__in=FINAL_STAGES, closed_on__lte=cutoff).exclude(never_counselled())
    return [_due(case, case.closed_on, "case") for case in cases.order_by("closed_on", "pk").iterator()]


def inquiries_due(cutoff: dt.date, today: dt.date) -> list[Due]:
    """Closed inquiries by their closing day; open ones by their last activity (a forgotten contact request)."""
    inquiries = _kept_cases().filter(never_counselled()).filter(
        Q(closed_on__lte=cutoff) | Q(closed_on__isnull=True, updated_at__date__lte=cutoff))
    return [_due(case, case.closed_on or timezone.localdate(case.updated_at), "inquiry")
            for case in inquiries.order_by("pk").iterator()]


def documents_due(cutoff: dt.date, today: dt.date) -> list[Due]:
    documents = Document.objects.filter(case__stage__in=FINAL_STAGES, case__closed_on__lte=cutoff).select_related(
        "case__unit").annotate(hold=_active_hold("case"))
    return [Due(object_type="document", object_id=str(document.pk), unit=document.case.unit,
                period_start=document.case.closed_on, hold=document.hold or "",
                label=f"document {document.pk} of case {document.case.shown_reference}")
            for document in documents.order_by("pk").iterator()]


def statistical_birth_date(born: dt.date, dated: Iterable[dt.date]) -> dt.date:
    """A birth date in the same year that gives the same completed age on each `dated` day as `born` does, and
    reveals no more than those days: the first of their days of the year on or after the birthday, else 31
    December. (Age on day d is d.year - year - (birthday after d's day of the year), so only the birthday's place
    among the dated days of the year matters.)"""
    birthday = (born.month, born.day)
    later = sorted({(day.month, day.day) for day in dated if (day.month, day.day) >= birthday})
    month, day = later[0] if later else YEAR_END
    if (month, day) == (2, 29) and not calendar.isleap(born.year):
        day = 28  # no 29 February that year; nothing lies between the 28th and the 29th
    return dt.date(born.year, month, day)


def _delete_document(document: Document) -> None:
    storage, name = document.file.storage, document.file.name
    document.delete()
    if name:
        storage.delete(name)  # after the row: a failure leaves an orphan file, never a row without its file


def remove_case_personal_data(case: Case, today: dt.date) -> None:
    """Remove what a case holds about people, keep what it counts. Locks the case first."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    for related in (case.notes, case.decision_records, case.consents, case.referrals, case.tasks,
                    case.eligibility_snapshots, case.timeline):
        related.all().delete()
    for document in case.documents.all():  # after the consents, which may point at their signed copy
        _delete_document(document)
    case.plan_steps.update(partner="", notes="")
    case.follow_ups.update(outcome="")
    case.payments.update(note="")
    for field in ("inquiry_message", "inquiry_consent_text", "migration_agency_case_number", "decision_reasons"):
        setattr(case, field, "")
    case.facts = {}
    if case.stage not in FINAL_STAGES:  # a forgotten inquiry is closed by its disposal, on the day it happens
        case.stage, case.closed_on, case.closed_at = Stage.CLOSED_WITHOUT_APPLICATION, today, timezone.now()
    case.personal_data_removed_on = today
    case.save()
    for member in case.household.members.select_related("person"):
        if not _kept_elsewhere(member.person):
            anonymise_person(member.person)


def _kept_elsewhere(person: Person) -> bool:
    """Whether the person belongs to a household that is not wholly disposed of (an open or kept case, or a
    household without any case)."""
    households = HouseholdMember.objects.filter(person=person).values("household")
    kept = Case.objects.filter(household__in=households, personal_data_removed_on__isnull=True)
    caseless = HouseholdMember.objects.filter(person=person).exclude(
        household__in=Case.objects.values("household"))
    return kept.exists() or caseless.exists()


def anonymise_person(person: Person) -> None:
    dated = [day for case in Case.objects.filter(household__members__person=person)
             for day in (getattr(case, field) for field in STATISTICS_DATES) if day]
    if person.birth_date:
        person.birth_date = statistical_birth_date(person.birth_date, dated)
    for field in REMOVED_PERSON_FIELDS:
        setattr(person, field, False if isinstance(getattr(person, field), bool) else "")
    person.is_coordination_number = False
    person.save()
    IdentityAccessGrant.objects.filter(person=person).delete()


def dispose_case(record: Due) -> None:
    remove_case_personal_data(Case.objects.get(pk=int(record.object_id)), timezone.localdate())


def dispose_document(record: Due) -> None:
    document = Document.objects.filter(pk=int(record.object_id)).first()
    if document is not None:
        _delete_document(document)


# --- erasure on request (GDPR art. 17): allowed only where no rule or hold keeps the records ---


def cases_of(person: Person) -> QuerySet[Case]:
    return Case.objects.filter(household__members__person=person).select_related("unit").distinct()


def erasure_refusals(person: Person, today: dt.date) -> list[str]:
    """Why the person's records must be kept (one sentence per case), or nothing when they may be erased."""
    rules = load_rules()
    refusals = []
    for case in cases_of(person).filter(personal_data_removed_on__isnull=True).annotate(hold=_active_hold()):
        reference = case.shown_reference
        if case.hold:
            refusals.append(_("Case %(ref)s is under a legal hold: %(reason)s") % {"ref": reference,
                                                                                    "reason": case.hold})
            continue
        if case.stage not in FINAL_STAGES:
            refusals.append(_("Case %(ref)s is open; it must be closed, and kept for its retention period, "
                              "before its records can be erased.") % {"ref": reference})
            continue
        inquiry = Case.objects.filter(never_counselled(), pk=case.pk).exists()
        rule = rules["cases.inquiry" if inquiry else "cases.closed_case"]
        kept_until = rule.keep.after(case.closed_on)
        if kept_until > today:
            refusals.append(_("Case %(ref)s must be kept until %(day)s (%(keep)s from its closing): %(basis)s")
                            % {"ref": reference, "day": kept_until.isoformat(), "keep": rule.keep,
                               "basis": rule.legal_basis})
    return refusals


def erase_person_record(person: Person) -> bool:
    """Delete a person who is in no case (their households without cases go with them); anonymise one whose
    disposed cases still count them. True when the row itself was deleted."""
    if cases_of(person).exists():
        anonymise_person(person)
        return False
    households = [member.household for member in HouseholdMember.objects.filter(person=person)
                  .select_related("household")]
    HouseholdMember.objects.filter(person=person).delete()
    for household in households:
        if not household.members.exists():
            household.delete()
    person.delete()
    return True
