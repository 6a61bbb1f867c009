"""Every read of cases, already limited to what the actor may see, and every look at a case access-logged."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Case as DbCase
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery, When
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hemvag.cases import eligibility, retention
from hemvag.cases.flows import FINAL_STAGES
from hemvag.cases.models import (
    Case,
    Channel,
    Consent,
    CounsellingNote,
    DecisionRecord,
    Document,
    EligibilitySnapshot,
    FollowUp,
    LegalHold,
    Payment,
    Referral,
    ReintegrationPlanStep,
    ReintegrationStep,
    Stage,
    Task,
    TimelineEntry,
)
from hemvag.core.actions import record_accesses
from hemvag.core.models import AccessPurpose, Membership, Unit, User
from hemvag.core.permissions import has_permission, units_where
from hemvag.core.queries import units_taking_inquiries
from hemvag.core.sql import among
from hemvag.people.identity import InvalidIdentityNumber, looks_like_identity_number, parse_identity_number
from hemvag.people.models import HouseholdMember, IdentityAccessGrant, Person
from hemvag.people.privacy import PersonView, show_person
from hemvag.people.queries import (
    MemberView,
    granted_person_ids,
    name_match,
    person_for_reading,
    revealed_memberships,
)


def visible_cases(actor: User) -> QuerySet[Case]:
    """The cases of the units where the actor may read cases: the start of every case query."""
    return Case.objects.filter(unit_id__in=units_where(actor, "cases.view_case"))


@dataclass(frozen=True)
class CaseFilter:
    stage: str = ""
    counsellor: int | None = None
    country: str = ""
    programme: str = ""
    overdue: bool = False
    open_only: bool = False
    text: str = ""
    sort: str = "-created_at"


SORTS = {
    "reference": "reference", "-reference": "-reference", "stage": "stage", "-stage": "-stage",
    "created_at": "created_at", "-created_at": "-created_at", "country": "destination_country",
    "-country": "-destination_country",
}


SEARCH_BY_ID = 5000  # a search matching at most this many persons asks for their households' cases (_search)

# References were HV-<year>-<number> in every unit before each unit had its own prefix (cases migration 0003).
LEGACY_REFERENCE = re.compile(r"HV-(?P<year>\d{4})-(?P<number>\d{1,4})", re.IGNORECASE)


def _found_first(cases: QuerySet[Case], condition: Q) -> QuerySet[Case]:
    """The cases that match, found unordered and unlimited from the indexes, then asked for by id. Asked for as a
    page (ORDER BY … LIMIT 25), PostgreSQL walked the unit's newest cases testing each instead, misled by its
    estimate of how many match (20 ms for a family name's 1,500 households against 2 ms; 1.3 s for a
    reference's number against 1 ms)."""
    found = list(cases.filter(condition).order_by().values_list("pk", flat=True))
    return cases.filter(among("pk", found))


def _search(cases: QuerySet[Case], actor: User, text: str) -> QuerySet[Case]:
    """By reference, identity number (any common format) or name. Protected persons match only for their
    assigned counsellor, so a search never reveals that someone with a protected identity has a case."""
    text = text.strip()
    by_reference = Q(reference__iexact=text) | Q(register_ref__iexact=text)  # STH-2026-0042; an old register's
    if text.isdigit() and int(text) > 0:  # "42" finds STH-2026-0042
        by_reference |= Q(reference__iendswith=f"-{int(text):04d}")
    if legacy := LEGACY_REFERENCE.fullmatch(text):  # written down before units had prefixes: HV-2026-0042
        by_reference |= Q(reference__iendswith=f"-{legacy['year']}-{int(legacy['number']):04d}")
    if looks_like_identity_number(text):
        try:
            number = parse_identity_number(text).normalised
        except InvalidIdentityNumber:
            return cases.none()
        person_match = Q(identity_number=number)
    elif text.isdigit():
        # A number that is not an identity number is a reference's: no name holds digits, and "53" in every
        # name (shorter than a trigram, so no index) read all the persons (3 s on a million cases).
        return _found_first(cases, by_reference)
    else:
        person_match = name_match(text)
    may_see = Q(protected_identity=False) | Q(
        pk__in=revealed_memberships(actor).values("person_id"))  # the one rule, in people.queries
    # The matching persons first, from the indexes (their names among the register's distinct names, people
    # migration 0005; the identity number's B-tree). A search usually finds a few: their cases are then asked
    # for by household, which PostgreSQL answers from the indexes together with the references (cases migration
    # 0008). A common name matches thousands: then each case, newest first, is tested for a matching person, and
    # the first page is found after a few hundred. (PostgreSQL cannot estimate how many persons a name matches,
    # so one query for both would be planned for the wrong one.)
    persons = list(Person.objects.filter(person_match & may_see).order_by()
                   .values_list("pk", flat=True)[:SEARCH_BY_ID + 1])
    if len(persons) <= SEARCH_BY_ID:
        households = sorted(set(HouseholdMember.objects.filter(among("person_id", persons)).order_by()
                                .values_list("household_id", flat=True)))
        return _found_first(cases, by_reference | among("household_id", households))
    members = HouseholdMember.objects.filter(
        person_id__in=Person.objects.filter(person_match & may_see).values("pk"), household_id=OuterRef("household_id"))
    # Alone, the EXISTS is a semi-join that tests the newest cases one by one (12 ms for a page); in an OR with
    # the references PostgreSQL hashes every matching person's household first (350 ms for a name 46,000
    # persons share). So the references are looked up on their own, and joined in only when one matches.
    by_reference_ids = list(cases.filter(by_reference).order_by().values_list("pk", flat=True)[:SEARCH_COUNT_CAP])
    if by_reference_ids:
        return cases.filter(Q(pk__in=by_reference_ids) | Q(Exists(members)))
    return cases.filter(Exists(members))


def case_list(actor: User, case_filter: CaseFilter) -> QuerySet[Case]:
    cases = visible_cases(actor)
    if case_filter.stage:
        cases = cases.filter(stage=case_filter.stage)
    if case_filter.open_only:
        cases = cases.exclude(stage__in=FINAL_STAGES)
    if case_filter.counsellor:
        cases = cases.filter(assigned_counsellor_id=case_filter.counsellor)
    if case_filter.country:
        cases = cases.filter(destination_country=case_filter.country.upper())
    if case_filter.programme:
        cases = cases.filter(programme=case_filter.programme)
    if case_filter.overdue:
        overdue = Task.objects.filter(case_id=OuterRef("pk"), done_on__isnull=True, due_on__lt=timezone.localdate())
        cases = cases.filter(Exists(overdue))
    if case_filter.text:
        cases = _search(cases, actor, case_filter.text)
    main_members = HouseholdMember.objects.filter(relation="main_applicant").select_related("person")
    # Counted for the rows shown only (a subquery, not a GROUP BY over every case that matches).
    members = (HouseholdMember.objects.filter(household_id=OuterRef("household_id")).order_by()
               .values("household_id").annotate(n=Count("pk")).values("n"))
    return (
        cases.select_related("unit", "assigned_counsellor", "household")
        .prefetch_related(Prefetch("household__members", queryset=main_members, to_attr="main_members"))
        .annotate(member_count=Coalesce(Subquery(members), 0))
        .order_by(SORTS.get(case_filter.sort, "-created_at"), "-pk")
    )


# The case list counts this far; beyond it the page says "More than 1,000 cases". Counting costs one row read
# per case counted where the filters are not all in one index (10,000 took 0.6 s for open cases to one country).
COUNT_CAP = 1_000
# A search's results: past a hundred, a name is too common to page through ("More than 100 cases"; the
# counsellor adds a first name), and counting a common name's cases further cost 100 ms and more.
SEARCH_COUNT_CAP = 100


def capped_count(cases: QuerySet[Case], cap: int = COUNT_CAP) -> int:
    """How many cases there are, counting no further than cap + 1 (counting all of a large unit's matches
    took longer than the page's whole budget). Counted in the list's own order, so the count walks the index
    the page walks: unordered, PostgreSQL may pick another index and filter its way through most of the unit
    (70 ms for open cases to one country, 3 ms in the page's order)."""
    return cases.values("pk")[:cap + 1].count()


def cases_for_export(actor: User, case_filter: CaseFilter) -> list[tuple[Case, PersonView | None]]:
    """The filtered cases with their main persons as the actor may see them, each case logged as exported
    (one access-log row per person in it)."""
    cases = list(case_list(actor, case_filter))
    record_accesses(actor=actor, purpose=AccessPurpose.EXPORT, reason="case list export", looks=[
        ("case", case.pk, case.unit_id, person_id)
        for case, person_id in _persons_of(cases)])
    return list(zip(cases, main_person_views(actor, cases), strict=True))


def _persons_of(cases: list[Case]) -> list[tuple[Case, int]]:
    by_household: dict[int, list[int]] = {}
    for household_id, person_id in HouseholdMember.objects.filter(
            household_id__in={c.household_id for c in cases}).values_list("household_id", "person_id"):
        by_household.setdefault(household_id, []).append(person_id)
    return [(case, person_id) for case in cases for person_id in by_household.get(case.household_id, [])]


def _revealed_in(actor: User, cases: list[Case], persons: list[Person]) -> set[int]:
    """Which of these protected persons the actor sees unmasked: only on a case the actor is the assigned
    counsellor of, and only with an identity grant for the person (people.queries.granted_person_ids)."""
    if not any(case.assigned_counsellor_id == actor.pk for case in cases):
        return set()
    return granted_person_ids(actor, [p.pk for p in persons if p.protected_identity])


def main_person_views(actor: User, cases: list[Case]) -> list[PersonView | None]:
    """The main person of each case as the actor may see them, in two queries whatever the number of cases."""
    mains = []
    for case in cases:
        members = getattr(case.household, "main_members", None)  # prefetched by case_list onto the household
        if members is None:
            members = list(case.household.members.filter(relation="main_applicant").select_related("person"))
        mains.append(members[0].person if members else None)
    # Unmasked only on the actor's own cases, and only with a grant for that person.
    mine = {case.pk for case in cases if case.assigned_counsellor_id == actor.pk}
    granted = granted_person_ids(actor, [person.pk for case, person in zip(cases, mains, strict=True)
                                         if person and person.protected_identity and case.pk in mine])
    return [show_person(person, reveal_protected=case.pk in mine and person.pk in granted) if person else None
            for case, person in zip(cases, mains, strict=True)]


def log_listed(actor: User, rows: list[tuple[Case, PersonView | None]], *, searched: bool) -> None:
    """A list or search result names persons: each one shown is logged (the register extract says who saw
    them). The search text itself may be personal data and is not logged."""
    record_accesses(actor=actor, purpose=AccessPurpose.SEARCH if searched else AccessPurpose.LIST,
                    reason="case list", looks=[("case", case.pk, case.unit_id, person.id)
                                               for case, person in rows if person is not None])


def main_person_view(actor: User, case: Case) -> PersonView | None:
    return main_person_views(actor, [case])[0]


def _log_look(actor: User, case: Case, purpose: AccessPurpose, reason: str) -> None:
    """One access-log row per person in the case, written in one statement."""
    record_accesses(actor=actor, purpose=purpose, reason=reason, looks=[
        ("case", case.pk, case.unit_id, person_id)
        for person_id in case.household.members.order_by("pk").values_list("person_id", flat=True)])


def case_for_reading(actor: User, case_id: int, *, purpose: AccessPurpose = AccessPurpose.VIEW,
                     reason: str = "") -> Case:
    """One case the actor may read, logged as looked at (one access-log row per person in it)."""
    case = visible_cases(actor).select_related("unit", "household", "assigned_counsellor").filter(pk=case_id).first()
    if case is None:
        raise Http404
    _log_look(actor, case, purpose, reason)
    return case


def case_for_work(actor: User, case_id: int, *, permission: str = "cases.work_case") -> Case:
    """A case the actor may change (no access-log row: the action that follows is audited). Managers post with
    permission="cases.view_case", for the few actions that are theirs (the consent override)."""
    case = visible_cases(actor).select_related("unit", "household").filter(pk=case_id).first()
    if case is None:
        raise Http404
    if not has_permission(actor, permission, case.unit):
        raise PermissionDenied
    return case


def household_views(actor: User, case: Case) -> list[tuple[HouseholdMember, PersonView]]:
    members = list(case.household.members.select_related("person").order_by("pk"))
    revealed = _revealed_in(actor, [case], [member.person for member in members])
    return [(member, show_person(member.person, reveal_protected=member.person_id in revealed))
            for member in members]


def protected_members(case: Case) -> list[Person]:
    """The household's persons with a protected identity (for the manager's identity-access form)."""
    return [member.person for member in case.household.members.select_related("person").order_by("pk")
            if member.person.protected_identity]


def identity_grants(case: Case) -> list[IdentityAccessGrant]:
    """The active identity grants for the household's protected persons, as a manager reviews them."""
    return list(IdentityAccessGrant.objects.filter(
        person__memberships__household_id=case.household_id, revoked_at__isnull=True,
    ).select_related("person", "user", "granted_by").order_by("person_id", "granted_at"))


def case_person(case: Case, person_id: int) -> Person:
    member = case.household.members.select_related("person").filter(person_id=person_id).first()
    if member is None:
        raise Http404
    return member.person


def case_item(case: Case, model: type, item_id: int):  # type: ignore[no-untyped-def]
    """A note, consent, referral, task, payment … of this case (never of another)."""
    item = model.objects.filter(case=case, pk=item_id).first()
    if item is None:
        raise Http404
    return item


def document_for_download(actor: User, document_id: int) -> Document:
    document = Document.objects.select_related("case", "case__unit").filter(
        pk=document_id, case__in=visible_cases(actor)).first()
    if document is None:
        raise Http404
    _log_look(actor, document.case, AccessPurpose.DOWNLOAD, f"document {document.pk}")
    return document


def counsellors_of(unit_ids: list[int]) -> QuerySet[User]:
    return User.objects.filter(is_active=True, memberships__unit_id__in=unit_ids,
                               memberships__role="counsellor").distinct().order_by("first_name", "username")


@dataclass
class StartPage:
    new_inquiries: list[Case] = field(default_factory=list)
    my_open_by_stage: list[tuple[str, int]] = field(default_factory=list)
    overdue_tasks: list[Task] = field(default_factory=list)
    follow_ups_due: list[FollowUp] = field(default_factory=list)


def start_page(actor: User, today: dt.date | None = None) -> StartPage:
    today = today or timezone.localdate()
    cases = visible_cases(actor)
    month_end = (today.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    mine = cases.filter(assigned_counsellor=actor).exclude(stage__in=FINAL_STAGES)
    counts = dict(mine.values_list("stage").annotate(n=Count("pk")).values_list("stage", "n"))
    return StartPage(
        new_inquiries=list(cases.filter(stage=Stage.INQUIRY).filter(
            Q(assigned_counsellor__isnull=True) | Q(assigned_counsellor=actor)).order_by("created_at")[:20]),
        my_open_by_stage=[(str(stage.label), counts[stage]) for stage in Stage if counts.get(stage)],
        overdue_tasks=list(Task.objects.filter(case__in=cases, owner=actor, done_on__isnull=True,
                                               due_on__lt=today).select_related("case").order_by("due_on")[:50]),
        follow_ups_due=list(FollowUp.objects.filter(case__in=cases, case__assigned_counsellor=actor,
                                                    done_on__isnull=True, due_on__lte=month_end)
                            .select_related("case").order_by("due_on")[:50]),
    )


def case_notes(case: Case) -> QuerySet[CounsellingNote]:
    return case.notes.select_related("author").order_by("-held_on", "-pk")


@dataclass(frozen=True)
class ReferralStatus:
    reference: str
    created_at: dt.datetime
    status: str

    LABELS = {"received": _("Received"), "contacted": _("Contacted"), "closed": _("Closed")}

    def get_status_display(self) -> str:
        return str(self.LABELS[self.status])


def referrals_by(actor: User) -> list[ReferralStatus]:
    """What a colleague who referred a resident may know: the reference and a plain status, nothing more."""
    rows = Case.objects.filter(referred_by=actor, channel=Channel.STAFF_REFERRAL).order_by("-created_at")
    return [
        ReferralStatus(
            reference=row.reference,
            created_at=row.created_at,
            status="closed" if row.stage in FINAL_STAGES else "received" if row.stage == Stage.INQUIRY else "contacted",
        )
        for row in rows.only("reference", "created_at", "stage")
    ]


# --- reads for the pages, the API, forms and commands: one function per list, each with one ordering ---


def referral_units(user: User) -> QuerySet[Unit]:
    """Voluntary-return units in the referring colleague's own municipalities (all of them if none match)."""
    units = units_taking_inquiries().order_by("municipality__name", "name", "pk")
    own = units.filter(municipality_id__in=Membership.objects.filter(user=user).values("unit__municipality_id"))
    return own if own.exists() else units


def counsellor_of_case(case: Case, user_id: int) -> User:
    """One of the case's unit's counsellors (the forms offer only those): an assignee or a task's owner."""
    return counsellors_of([case.unit_id]).get(pk=user_id)


def counsellor_of(unit_id: int, user_id: int) -> User | None:
    """The user, if they are an active counsellor of the unit."""
    return counsellors_of([unit_id]).filter(pk=user_id).first()


def unit_taking_inquiries(unit_id: int) -> Unit | None:
    return units_taking_inquiries().filter(pk=unit_id).first()


@dataclass(frozen=True)
class CasePage:
    count: int
    items: list[Case]


def case_page(actor: User, case_filter: CaseFilter, *, offset: int, limit: int) -> CasePage:
    """One page of case_list, each case with `main_person` (a PersonView, or None) and `member_count`; every
    person the page names is access-logged."""
    cases = case_list(actor, case_filter)
    page = list(cases[offset:offset + limit])
    views = main_person_views(actor, page)
    for case, view in zip(page, views, strict=True):
        case.main_person = view  # type: ignore[attr-defined]
    log_listed(actor, list(zip(page, views, strict=True)), searched=bool(case_filter.text.strip()))
    return CasePage(count=cases.count(), items=page)


def case_members(actor: User, case: Case) -> list[MemberView]:
    """The case's household in the order its members joined, each person as the actor may see them."""
    return [MemberView(person=view, relation=member.relation, lives_with_main_person=member.lives_with_main_person)
            for member, view in household_views(actor, case)]


# The lists inside a case, in the order the case page and the API show them. Lists, not querysets: the page
# attaches a form to each item before it renders them.

def case_consents(case: Case) -> list[Consent]:
    return list(case.consents.select_related("person", "recorded_by").order_by("-given_on", "-pk"))


def case_referrals(case: Case) -> list[Referral]:
    return list(case.referrals.select_related("consent", "overridden_by").order_by("-sent_on", "-pk"))


def case_payments(case: Case) -> list[Payment]:
    return list(case.payments.order_by("instalment", "pk"))


def case_plan_steps(case: Case) -> list[ReintegrationPlanStep]:
    """The reintegration plan in the unit's order of its eight stages."""
    order = [When(step=step, then=index) for index, step in enumerate(ReintegrationStep)]
    return list(case.plan_steps.order_by(DbCase(*order, default=len(order)), "pk"))


def case_follow_ups(case: Case) -> list[FollowUp]:
    return list(case.follow_ups.order_by("due_on", "pk"))


def case_legal_holds(case: Case) -> list[LegalHold]:
    """Every hold of the case, in force or lifted, newest first."""
    return list(case.legal_holds.select_related("placed_by", "lifted_by"))


def active_legal_holds(case: Case) -> list[LegalHold]:
    return list(case.legal_holds.filter(lifted_at__isnull=True).select_related("placed_by"))


def case_timeline(case: Case, limit: int | None = None) -> list[TimelineEntry]:
    """The case's timeline, newest first (the latest `limit` entries, when given)."""
    entries = case.timeline.select_related("actor").order_by("-at", "-pk")
    return list(entries[:limit] if limit else entries)


def case_decision_records(case: Case) -> list[DecisionRecord]:
    return list(case.decision_records.select_related("recorded_by").order_by("-recorded_on", "-pk"))


def case_tasks(case: Case) -> list[Task]:
    """Open tasks first (on every database), then by due date."""
    return list(case.tasks.select_related("owner").order_by(F("done_on").asc(nulls_first=True), "due_on", "pk"))


def case_documents(case: Case) -> list[Document]:
    return list(case.documents.select_related("uploaded_by").order_by("-uploaded_at", "-pk"))


def case_snapshots(case: Case) -> list[EligibilitySnapshot]:
    return list(case.eligibility_snapshots.select_related("run_by").order_by("-created_at", "-pk"))


def latest_snapshot(case: Case) -> EligibilitySnapshot | None:
    """The case's latest eligibility run, if any."""
    return case.eligibility_snapshots.select_related("run_by").order_by("-created_at", "-pk").first()


def masked_facts(actor: User, case: Case, facts: dict[str, Any]) -> dict[str, Any]:
    """A facts document of the case as this reader may see it: a protected member's birth date is masked (as
    privacy.show_person masks it) for everyone the person is not revealed to."""
    hidden = {eligibility.member_id(member.person_id)
              for member, view in household_views(actor, case) if view.masked}
    members = facts.get("members")
    if not hidden or not isinstance(members, list):
        return facts
    shown = [{**m, "birth_date": None} if isinstance(m, dict) and m.get("id") in hidden else m for m in members]
    return {**facts, "members": shown}


def case_facts(actor: User, case: Case) -> dict[str, Any]:
    """The case's eligibility facts, prefilled from the people records, as this reader may see them."""
    return masked_facts(actor, case, eligibility.facts_for(case))


def cases_for_statistics(unit_ids: list[int]) -> QuerySet[Case]:
    """The cases of these units, for aggregate counts only (no personal field leaves the database): the caller,
    reports.queries, has decided which units the actor may count."""
    return Case.objects.filter(unit_id__in=unit_ids)


def longest_waiting(unit_ids: list[int], limit: int = 10) -> QuerySet[Case]:
    """The open cases that have waited longest since they were opened: a manager's start page (no names)."""
    return (Case.objects.filter(unit_id__in=unit_ids).exclude(stage__in=FINAL_STAGES)
            .order_by("opened_on", "pk").only("pk", "reference", "register_ref", "stage", "opened_on", "unit_id")
            [:limit])


def case_flow_dates(unit_ids: list[int], start: dt.date, end: dt.date) -> QuerySet[Case]:
    """For the flow of cases opened in the period: each step's first date, one row per case (no names)."""
    def first(model: type, date_field: str, **conditions: Any) -> Subquery:
        rows = model.objects.filter(case=OuterRef("pk"), **conditions).order_by(date_field)  # type: ignore[attr-defined]
        return Subquery(rows.values(date_field)[:1])

    return (Case.objects.filter(unit_id__in=unit_ids, opened_on__gte=start, opened_on__lte=end)
            .annotate(first_note=first(CounsellingNote, "held_on"),
                      counselling_at=first(TimelineEntry, "at", to_stage=Stage.COUNSELLING),
                      contact_12=first(FollowUp, "done_on", months_after_departure=12, done_on__isnull=False))
            .values("opened_on", "submitted_on", "decided_on", "decision", "departed_on", "first_note",
                    "counselling_at", "contact_12", "stage"))


def open_cases_by_stage(unit_ids: list[int]) -> list[tuple[str, int]]:
    """How many open cases stand in each stage, in the stages' order (zeros included)."""
    counts = dict(Case.objects.filter(unit_id__in=unit_ids).exclude(stage__in=FINAL_STAGES)
                  .values_list("stage").annotate(n=Count("pk")).order_by())
    return [(stage, counts.get(stage, 0)) for stage in Stage if stage not in FINAL_STAGES]


# --- a person's rights (register extract, erasure) ---


def person_for_rights(actor: User, person_id: int, *, permission: str = "cases.register_extract") -> Person:
    """A person whose request the actor handles: readable (the look is logged) and in a unit where the actor
    holds `permission`."""
    person = person_for_reading(actor, person_id)
    if not has_permission(actor, permission, person.unit_id):
        raise PermissionDenied
    return person


def cases_of_person(actor: User, person: Person) -> list[Case]:
    return list(visible_cases(actor).filter(household__members__person=person).distinct().order_by("opened_on"))


def erasure_refusals(person: Person) -> list[str]:
    return retention.erasure_refusals(person, timezone.localdate())
