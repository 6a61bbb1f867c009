"""A person's register extract (registerutdrag, GDPR art. 15): every record Hemväg holds about them — the person,
their households, every case they are in with all it holds — and every look at those records (the access log)
and change to them (the audit trail). As JSON (field names as keys) and as a tagged PDF (field names in words).

Other members of a household appear by their relation only: their data is theirs, not part of this extract.
Built by cases.actions.do_produce_register_extract, which authorises, audits and logs it.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Model, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from hemvag.cases.models import Case
from hemvag.core.models import AccessLog, AuditEvent
from hemvag.people.actions import PERSON_FIELDS
from hemvag.people.models import HouseholdMember, Person

CASE_FIELDS = (
    "reference", "register_ref", "opened_on", "stage", "programme", "channel", "destination_country",
    "inquiry_message", "inquiry_consent_text", "submitted_on", "migration_agency_case_number", "decision",
    "decided_on", "decided_amount_sek", "decision_reasons", "planned_departure_on", "departed_on",
    "repayment_flag", "closed_on", "personal_data_removed_on",
)
# What each kind of record inside a case shows (the case's own relations, by name).
ITEMS: dict[str, tuple[str, ...]] = {
    "notes": ("held_on", "form", "interpreter_used", "language", "text"),
    "decision_records": ("recorded_on", "information_given", "language", "interpreter_used",
                         "knows_can_change_mind"),
    "referrals": ("sent_on", "recipient", "recipient_name", "purpose", "state"),
    "tasks": ("kind", "title", "due_on", "done_on"),
    "documents": ("original_name", "description", "content_type", "size", "uploaded_at"),
    "eligibility_snapshots": ("evaluated_on", "result"),
    "payments": ("instalment", "amount_sek", "decided_on", "received_on", "note"),
    "plan_steps": ("step", "status", "partner", "notes"),
    "follow_ups": ("months_after_departure", "due_on", "done_on", "form", "outcome"),
    "legal_holds": ("placed_at", "reason", "lifted_at", "lift_reason"),
    "timeline": ("at", "kind", "summary"),
}
CONSENT_FIELDS = ("given_on", "recipient", "recipient_name", "scope", "method", "withdrawn_on")


@dataclass(frozen=True)
class Entry:
    name: str
    label: str
    value: Any

    @property
    def shown(self) -> str:
        """The value in words, for the PDF."""
        if self.value is None:
            return ""
        if isinstance(self.value, bool):
            return str(_("Yes") if self.value else _("No"))
        if isinstance(self.value, list):
            return ", ".join(map(str, self.value))
        if isinstance(self.value, dict):
            return json.dumps(self.value, cls=DjangoJSONEncoder, ensure_ascii=False, sort_keys=True)
        return str(self.value)


@dataclass(frozen=True)
class Group:
    """One kind of record inside a case: its title and one list of entries per record."""

    key: str
    title: str
    records: list[list[Entry]]


@dataclass(frozen=True)
class CaseRecords:
    reference: str
    unit: str
    details: list[Entry]
    groups: list[Group]


@dataclass(frozen=True)
class Extract:
    person_id: int
    produced_at: dt.datetime
    person: list[Entry]
    households: list[list[Entry]]
    cases: list[CaseRecords]
    accesses: list[list[Entry]]
    events: list[list[Entry]]
    notices: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        def values(entries: list[Entry]) -> dict[str, Any]:
            return {entry.name: entry.value for entry in entries}

        return {
            "register_extract": {"person_id": self.person_id, "produced_at": self.produced_at},
            "person": values(self.person),
            "households": [values(h) for h in self.households],
            "cases": [{"reference": c.reference, "unit": c.unit, **values(c.details),
                       **{g.key: [values(r) for r in g.records] for g in c.groups}} for c in self.cases],
            "access_log": [values(a) for a in self.accesses],
            "audit_trail": [values(e) for e in self.events],
            "notices": self.notices,
        }

    def as_json(self) -> bytes:
        return json.dumps(self.as_dict(), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()

    def as_pdf(self) -> bytes:
        from weasyprint import HTML  # loads pango and the fonts: only when a PDF is made

        html = render_to_string("cases/register_extract.html", {"extract": self})
        return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")


def _value(instance: Model, name: str) -> Any:
    model_field = instance._meta.get_field(name)
    value = getattr(instance, name)
    if getattr(model_field, "choices", None) and value:
        return str(getattr(instance, f"get_{name}_display")())
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    return value


def _entries(instance: Model, names: tuple[str, ...]) -> list[Entry]:
    return [Entry(name, str(instance._meta.get_field(name).verbose_name), _value(instance, name)) for name in names]


def _case_records(case: Case, person: Person) -> CaseRecords:
    groups = [Group(key, str(getattr(case, key).model._meta.verbose_name_plural),
                    [_entries(item, names) for item in getattr(case, key).all()])
              for key, names in ITEMS.items()]
    consents = [_entries(consent, CONSENT_FIELDS) for consent in case.consents.filter(person=person)]
    groups.append(Group("consents", _("Consents you gave"), consents))
    return CaseRecords(reference=case.shown_reference, unit=case.unit.name, details=_entries(case, CASE_FIELDS),
                       groups=[group for group in groups if group.records])


def _households(person: Person) -> list[list[Entry]]:
    households = []
    for member in HouseholdMember.objects.filter(person=person).select_related("household"):
        others = [str(m.get_relation_display()) for m in member.household.members.exclude(person=person)]
        households.append([
            Entry("household", _("Household"), member.household_id),
            *_entries(member, ("relation", "lives_with_main_person")),
            Entry("other_members", _("Other members (by relation only)"), others),
        ])
    return households


def _accesses(person: Person) -> list[list[Entry]]:
    entries = AccessLog.objects.filter(person_id=str(person.pk)).select_related("actor", "unit").order_by(
        "created_at", "id")
    return [[Entry("at", _("Time"), timezone.localtime(a.created_at).isoformat(timespec="seconds")),
             Entry("by", _("Who"), a.actor.get_full_name() or a.actor.get_username()),
             Entry("unit", _("Unit"), a.unit.name if a.unit else ""),
             Entry("purpose", _("Purpose"), str(a.get_purpose_display())),
             Entry("record", _("Record"), f"{a.object_type} {a.object_id}"),
             Entry("reason", _("Reason"), a.reason)] for a in entries.iterator()]


def _events(person: Person, case_ids: list[int]) -> list[list[Entry]]:
    about = Q(object_type="person", object_id=str(person.pk)) | Q(object_type="case",
                                                                  object_id__in=[str(pk) for pk in case_ids])
    events = AuditEvent.objects.filter(about).order_by("seq")
    return [[Entry("at", _("Time"), timezone.localtime(e.created_at).isoformat(timespec="seconds")),
             Entry("by", _("Who"), e.actor_label), Entry("what", _("What happened"), e.verb),
             Entry("record", _("Record"), f"{e.object_type} {e.object_id}")] for e in events.iterator()]


def build(person: Person) -> Extract:
    cases = list(Case.objects.filter(household__members__person=person).select_related("unit").distinct()
                 .order_by("opened_on", "pk"))
    notices = [_("Uploaded documents are listed here; a copy of each can be given on request.")]
    if any(case.personal_data_removed_on for case in cases):
        notices.append(_("Some cases were disposed of under the retention rules: only what the statistics count "
                         "is left of them."))
    return Extract(
        person_id=person.pk, produced_at=timezone.localtime(),
        person=_entries(person, (*PERSON_FIELDS, "birth_year", "created_at", "updated_at")),
        households=_households(person),
        cases=[_case_records(case, person) for case in cases],
        accesses=_accesses(person),
        events=_events(person, [case.pk for case in cases]),
        notices=notices,
    )
