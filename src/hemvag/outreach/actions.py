"""Every write of the outreach app: the actor's permission first, one transaction, one audit event. Counsellors
record activities and consultations; managers own the plan and the agreements; administrators keep the
register of organisations and contacts."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hemvag.core import audit
from hemvag.core.models import Unit, User
from hemvag.core.permissions import as_user, authorize
from hemvag.outreach.models import (
    MAX_PARTICIPANTS,
    Activity,
    ActivityKind,
    Agreement,
    AgreementKind,
    ApplicationStatus,
    BudgetLine,
    CalendarFeed,
    ColleagueKind,
    Consultation,
    Contact,
    CostType,
    FundingApplication,
    Indicator,
    Organisation,
    OrganisationKind,
    Plan,
    PlanLine,
    Project,
    ProjectStatus,
    Spend,
)

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024


def _after(**values: Any) -> dict[str, Any]:
    return {name: {"before": None, "after": value} for name, value in values.items()}


def _record(actor: Any, verb: str, object_type: str, obj: Any, unit: Unit, /, **changes: Any) -> None:
    audit.record(actor=as_user(actor), verb=verb, object_type=object_type, object_id=obj.pk, unit=unit,
                 changes=changes)


def _choice(value: str, choices: Any, field: str, problems: dict[str, str]) -> None:
    if value not in choices.values:
        problems[field] = _("Choose one of the listed values.")


# --- organisations and contacts ---

@transaction.atomic
def do_save_organisation(*, actor: Any, unit: Unit, name: str, kind: str, country: str = "", city: str = "",
                         languages: str = "", communities: str = "", notes: str = "", is_active: bool = True,
                         organisation: Organisation | None = None) -> Organisation:
    authorize(actor, "outreach.manage_organisations", unit)
    problems: dict[str, str] = {}
    _choice(kind, OrganisationKind, "kind", problems)
    if not name.strip():
        problems["name"] = _("Give the organisation's name.")
    elif Organisation.objects.filter(unit=unit, name__iexact=name.strip()).exclude(
            pk=organisation.pk if organisation else None).exists():
        problems["name"] = _("The unit already has an organisation with this name.")
    if problems:
        raise ValidationError(problems)
    values = {"name": name.strip(), "kind": kind, "country": country.strip().upper()[:2], "city": city.strip(),
              "languages": languages.strip(), "communities": communities.strip(), "notes": notes.strip(),
              "is_active": is_active}
    before = {k: getattr(organisation, k) for k in values} if organisation else {}
    if organisation is None:
        organisation = Organisation.objects.create(unit=unit, **values)
    else:
        for key, value in values.items():
            setattr(organisation, key, value)
        organisation.save()
    _record(actor, "organisation.saved", "organisation", organisation, unit,
            **{k: {"before": before.get(k), "after": v} for k, v in values.items() if before.get(k) != v})
    return organisation


@transaction.atomic
def do_add_contact(*, actor: Any, organisation: Organisation, name: str, basis: str, role: str = "",
                   work_phone: str = "", work_email: str = "") -> Contact:
    """A person at an organisation, with only what the work needs and the basis for keeping it."""
    authorize(actor, "outreach.manage_organisations", organisation.unit)
    problems = {}
    if not name.strip():
        problems["name"] = _("Give the contact's name.")
    if not basis.strip():
        problems["basis"] = _("Say why the unit keeps this contact (for example: the association's contact "
                              "person for information meetings).")
    if problems:
        raise ValidationError(problems)
    contact = Contact.objects.create(organisation=organisation, name=name.strip(), basis=basis.strip(),
                                     role=role.strip(), work_phone=work_phone.strip(), work_email=work_email.strip())
    _record(actor, "contact.added", "organisation", organisation, organisation.unit,
            contact={"before": None, "after": contact.pk}, basis={"before": None, "after": contact.basis})
    return contact


@transaction.atomic
def do_remove_contact(*, actor: Any, contact: Contact) -> None:
    """Removed on request: the row goes, and the audit keeps only that a contact was removed (not who)."""
    authorize(actor, "outreach.manage_organisations", contact.organisation.unit)
    organisation, contact_id = contact.organisation, contact.pk
    contact.delete()
    _record(actor, "contact.removed", "organisation", organisation, organisation.unit,
            contact={"before": contact_id, "after": None})


# --- agreements ---

def _dates(valid_from: dt.date | None, valid_to: dt.date | None, signed_on: dt.date | None) -> dict[str, str]:
    problems = {}
    if valid_from is None:
        problems["valid_from"] = _("Give the day the agreement starts.")
    elif valid_to is not None and valid_to < valid_from:
        problems["valid_to"] = _("The agreement cannot end before it starts.")
    if signed_on is not None and valid_to is not None and signed_on > valid_to:
        problems["signed_on"] = _("The agreement cannot be signed after it has ended.")
    return problems


@transaction.atomic
def do_save_agreement(*, actor: Any, unit: Unit, kind: str, title: str, valid_from: dt.date | None,
                      parties: list[Organisation], valid_to: dt.date | None = None, signed_on: dt.date | None = None,
                      responsible: User | None = None, remind_days: int = 60,
                      document: tuple[str, bytes] | None = None, agreement: Agreement | None = None) -> Agreement:
    authorize(actor, "outreach.manage_agreements", unit)
    problems = _dates(valid_from, valid_to, signed_on)
    _choice(kind, AgreementKind, "kind", problems)
    if not title.strip():
        problems["title"] = _("Give the agreement's title.")
    if not parties:
        problems["parties"] = _("Choose at least one party.")
    if any(party.unit_id != unit.pk for party in parties):
        problems["parties"] = _("Choose parties from the unit's own organisations.")
    if document is not None and len(document[1]) > MAX_DOCUMENT_BYTES:
        problems["document"] = _("The file is larger than 10 MB.")
    if not 0 <= remind_days <= 365:
        problems["remind_days"] = _("Give a number of days from 0 to 365.")
    if problems:
        raise ValidationError(problems)
    values = {"kind": kind, "title": title.strip(), "valid_from": valid_from, "valid_to": valid_to,
              "signed_on": signed_on, "responsible": responsible, "remind_days": remind_days}
    before = {k: str(getattr(agreement, k)) for k in values} if agreement else {}
    if agreement is None:
        agreement = Agreement.objects.create(unit=unit, **values)
    else:
        for key, value in values.items():
            setattr(agreement, key, value)
    if document is not None:
        agreement.document_name, agreement.document = document[0][:200], document[1]
    agreement.save()
    agreement.parties.set(parties)
    _record(actor, "agreement.saved", "agreement", agreement, unit,
            **{k: {"before": before.get(k), "after": str(v)} for k, v in values.items() if before.get(k) != str(v)},
            parties={"before": None, "after": sorted(p.name for p in parties)})
    return agreement


# --- the plan ---

@transaction.atomic
def do_save_plan(*, actor: Any, unit: Unit, title: str, first_year: int, last_year: int,
                 lines: list[dict[str, str]]) -> Plan:
    """A new activity plan with its numbered lines of work (goal and indicators each)."""
    authorize(actor, "outreach.manage_plans", unit)
    problems = {}
    if not title.strip():
        problems["title"] = _("Give the plan's title.")
    if last_year < first_year:
        problems["last_year"] = _("The plan cannot end before it starts.")
    if not lines or any(not line.get("title", "").strip() for line in lines):
        problems["lines"] = _("Write at least one line of work, each with its text.")
    if problems:
        raise ValidationError(problems)
    plan = Plan.objects.create(unit=unit, title=title.strip(), first_year=first_year, last_year=last_year)
    for number, line in enumerate(lines, 1):
        PlanLine.objects.create(plan=plan, number=number, title=line["title"].strip(),
                                goal=line.get("goal", "").strip(), indicators=line.get("indicators", "").strip())
    _record(actor, "plan.saved", "plan", plan, unit, **_after(title=plan.title, years=f"{first_year}–{last_year}",
                                                              lines=len(lines)))
    return plan


def _plan_line(unit: Unit, line: PlanLine | None, problems: dict[str, str]) -> None:
    if line is not None and line.plan.unit_id != unit.pk:
        problems["plan_line"] = _("Choose a line of the unit's own plan.")


# --- activities and consultations ---

def participant_problems(participants: int | None, women: int | None, men: int | None) -> dict[str, str]:
    problems = {}
    for field, value in (("participants", participants), ("women", women), ("men", men)):
        if value is not None and not 0 <= value <= MAX_PARTICIPANTS:
            problems[field] = _("Give a number from 0 to %(max)d.") % {"max": MAX_PARTICIPANTS}
    if not problems and participants is not None and (women or 0) + (men or 0) > participants:
        problems["women"] = _("Women and men together cannot be more than the participants.")
    return problems


@transaction.atomic
def do_record_activity(*, actor: Any, unit: Unit, kind: str, title: str, held_on: dt.date,
                       organisations: list[Organisation] | None = None, place: str = "", languages: str = "",
                       interpreter: bool = False, topics: str = "", participants: int | None = None,
                       women: int | None = None, men: int | None = None, materials: list[dict[str, Any]] | None = None,
                       follow_up: str = "", plan_line: PlanLine | None = None,
                       starts_at: dt.time | None = None) -> Activity:
    authorize(actor, "outreach.record_activities", unit)
    problems = participant_problems(participants, women, men)
    _choice(kind, ActivityKind, "kind", problems)
    _plan_line(unit, plan_line, problems)
    if not title.strip():
        problems["title"] = _("Give the activity a title.")
    if any(o.unit_id != unit.pk for o in organisations or []):
        problems["organisations"] = _("Choose the unit's own organisations.")
    if problems:
        raise ValidationError(problems)
    activity = Activity.objects.create(
        unit=unit, kind=kind, title=title.strip(), held_on=held_on, starts_at=starts_at, place=place.strip(),
        languages=languages.strip(), interpreter=interpreter, topics=topics.strip(), participants=participants,
        women=women, men=men, materials=materials or [], follow_up=follow_up.strip(), plan_line=plan_line,
        recorded_by=as_user(actor))
    activity.organisations.set(organisations or [])
    _record(actor, "activity.recorded", "activity", activity, unit, **_after(
        kind=kind, title=activity.title, held_on=held_on.isoformat(), participants=participants,
        organisations=sorted(o.name for o in organisations or []), materials=activity.materials))
    return activity


@transaction.atomic
def do_record_consultation(*, actor: Any, unit: Unit, held_on: dt.date, colleague_kind: str, topic: str,
                           minutes: int, colleague_unit: str = "", led_to_referral: bool = False,
                           plan_line: PlanLine | None = None) -> Consultation:
    """A colleague's question: the topic only, never the resident it may concern."""
    authorize(actor, "outreach.record_activities", unit)
    problems: dict[str, str] = {}
    _choice(colleague_kind, ColleagueKind, "colleague_kind", problems)
    _plan_line(unit, plan_line, problems)
    if not topic.strip():
        problems["topic"] = _("Give the question's topic (not the resident's name).")
    if not 1 <= minutes <= 24 * 60:
        problems["minutes"] = _("Give the time spent in minutes, from 1 to 1440.")
    if problems:
        raise ValidationError(problems)
    consultation = Consultation.objects.create(
        unit=unit, held_on=held_on, colleague_kind=colleague_kind, colleague_unit=colleague_unit.strip(),
        topic=topic.strip(), minutes=minutes, led_to_referral=led_to_referral, plan_line=plan_line,
        recorded_by=as_user(actor))
    _record(actor, "consultation.recorded", "consultation", consultation, unit, **_after(
        colleague_kind=colleague_kind, minutes=minutes, led_to_referral=led_to_referral))
    return consultation


# --- the calendar feed ---

def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def do_create_calendar_feed(*, actor: Any, unit: Unit, label: str) -> tuple[CalendarFeed, str]:
    """A subscription address for the unit's calendar; the token is shown once and only its hash is kept."""
    authorize(actor, "outreach.view_outreach", unit)
    token = secrets.token_urlsafe(24)
    feed = CalendarFeed.objects.create(unit=unit, token_hash=token_hash(token), label=label.strip()[:100] or "ics",
                                       created_by=as_user(actor))
    _record(actor, "calendar_feed.created", "calendar_feed", feed, unit, label={"before": None, "after": feed.label})
    return feed, token


@transaction.atomic
def do_revoke_calendar_feed(*, actor: Any, feed: CalendarFeed) -> CalendarFeed:
    authorize(actor, "outreach.view_outreach", feed.unit)
    feed.revoked_at = timezone.now()
    feed.save(update_fields=["revoked_at"])
    _record(actor, "calendar_feed.revoked", "calendar_feed", feed, feed.unit)
    return feed


# --- projects and funding ---

MAX_AMOUNT_SEK = 1_000_000_000  # a project of the unit beyond this is a typing mistake


def _amount(value: int | None, field: str, problems: dict[str, str]) -> None:
    if value is None or not 0 <= value <= MAX_AMOUNT_SEK:
        problems[field] = _("Give an amount in whole kronor from 0 to 1 000 000 000.")


@transaction.atomic
def do_save_project(*, actor: Any, unit: Unit, title: str, starts_on: dt.date | None, ends_on: dt.date | None,
                    funder: str = "", description: str = "", status: str = ProjectStatus.PLANNED,
                    lines: list[PlanLine] | None = None, partners: list[Organisation] | None = None,
                    project: Project | None = None) -> Project:
    authorize(actor, "outreach.manage_projects", unit)
    problems: dict[str, str] = {}
    _choice(status, ProjectStatus, "status", problems)
    if not title.strip():
        problems["title"] = _("Give the project's title.")
    if starts_on is None:
        problems["starts_on"] = _("Give the day the project starts.")
    if ends_on is None:
        problems["ends_on"] = _("Give the day the project ends.")
    elif starts_on is not None and ends_on < starts_on:
        problems["ends_on"] = _("The project cannot end before it starts.")
    for line in lines or []:
        _plan_line(unit, line, problems)
    if problems:
        raise ValidationError(problems)
    values = {"title": title.strip(), "starts_on": starts_on, "ends_on": ends_on, "funder": funder.strip(),
              "description": description.strip(), "status": status}
    before = {k: str(getattr(project, k)) for k in values} if project else {}
    if project is None:
        project = Project.objects.create(unit=unit, **values)
    else:
        for key, value in values.items():
            setattr(project, key, value)
        project.save()
    project.lines.set(lines or [])
    project.partners.set(partners or [])
    _record(actor, "project.saved", "project", project, unit,
            **{k: {"before": before.get(k), "after": str(v)} for k, v in values.items() if before.get(k) != str(v)})
    return project


@transaction.atomic
def do_set_budget(*, actor: Any, project: Project, year: int, cost_type: str, amount_sek: int | None) -> BudgetLine:
    authorize(actor, "outreach.manage_projects", project.unit)
    problems: dict[str, str] = {}
    _choice(cost_type, CostType, "cost_type", problems)
    _amount(amount_sek, "amount_sek", problems)
    if not project.starts_on.year <= year <= project.ends_on.year:
        problems["year"] = _("Give a year of the project (%(first)d–%(last)d).") % {
            "first": project.starts_on.year, "last": project.ends_on.year}
    if problems:
        raise ValidationError(problems)
    line, _created = BudgetLine.objects.update_or_create(project=project, year=year, cost_type=cost_type,
                                                         defaults={"amount_sek": amount_sek})
    _record(actor, "project.budget_set", "project", project, project.unit,
            **_after(year=year, cost_type=cost_type, amount_sek=amount_sek))
    return line


@transaction.atomic
def do_record_spend(*, actor: Any, project: Project, spent_on: dt.date | None, cost_type: str,
                    amount_sek: int | None, note: str = "") -> Spend:
    authorize(actor, "outreach.manage_projects", project.unit)
    problems: dict[str, str] = {}
    if project.status == ProjectStatus.CLOSED:
        problems["amount_sek"] = _("The project is closed: no more spend can be recorded on it.")
    _choice(cost_type, CostType, "cost_type", problems)
    _amount(amount_sek, "amount_sek", problems)
    if spent_on is None or not project.starts_on <= spent_on <= project.ends_on:
        problems["spent_on"] = _("Give a day within the project (%(start)s–%(end)s).") % {
            "start": project.starts_on.isoformat(), "end": project.ends_on.isoformat()}
    if problems:
        raise ValidationError(problems)
    spend = Spend.objects.create(project=project, spent_on=spent_on, cost_type=cost_type, amount_sek=amount_sek,
                                 note=note.strip())
    _record(actor, "project.spend_recorded", "project", project, project.unit,
            **_after(spent_on=str(spent_on), cost_type=cost_type, amount_sek=amount_sek))
    return spend


@transaction.atomic
def do_save_indicator(*, actor: Any, project: Project, name: str, target: int | None, baseline: int = 0,
                      measure: str = "", actuals: dict[str, int] | None = None,
                      indicator: Indicator | None = None) -> Indicator:
    authorize(actor, "outreach.manage_projects", project.unit)
    problems: dict[str, str] = {}
    if not name.strip():
        problems["name"] = _("Name the indicator.")
    if target is None:
        problems["target"] = _("Give the target.")
    years = range(project.starts_on.year, project.ends_on.year + 1)
    if any(not key.isdigit() or int(key) not in years for key in (actuals or {})):
        problems["actuals"] = _("Give actual values only for the project's years.")
    if problems:
        raise ValidationError(problems)
    values = {"name": name.strip(), "target": target, "baseline": baseline, "measure": measure.strip(),
              "actuals": actuals or {}}
    if indicator is None:
        indicator = Indicator.objects.create(project=project, **values)
    else:
        for key, value in values.items():
            setattr(indicator, key, value)
        indicator.save()
    _record(actor, "project.indicator_saved", "project", project, project.unit, **_after(**{
        k: v for k, v in values.items()}))
    return indicator


@transaction.atomic
def do_save_application(*, actor: Any, unit: Unit, funder: str, title: str, requested_sek: int | None,
                        call: str = "", deadline: dt.date | None = None, project: Project | None = None
                        ) -> FundingApplication:
    authorize(actor, "outreach.manage_projects", unit)
    problems: dict[str, str] = {}
    _amount(requested_sek, "requested_sek", problems)
    if not funder.strip():
        problems["funder"] = _("Name the funder.")
    if not title.strip():
        problems["title"] = _("Give the application's title.")
    if project is not None and project.unit_id != unit.pk:
        problems["project"] = _("Choose one of the unit's projects.")
    if problems:
        raise ValidationError(problems)
    application = FundingApplication.objects.create(unit=unit, funder=funder.strip(), title=title.strip(),
                                                    call=call.strip(), deadline=deadline,
                                                    requested_sek=requested_sek, project=project)
    _record(actor, "funding_application.saved", "funding_application", application, unit, **_after(
        funder=application.funder, title=application.title, requested_sek=requested_sek))
    return application


@transaction.atomic
def do_submit_application(*, actor: Any, application: FundingApplication, submitted_on: dt.date) -> FundingApplication:
    authorize(actor, "outreach.manage_projects", application.unit)
    if application.status != ApplicationStatus.DRAFT:
        raise ValidationError({"status": _("Only a draft can be submitted.")})
    application.status, application.submitted_on = ApplicationStatus.SUBMITTED, submitted_on
    application.save(update_fields=["status", "submitted_on"])
    _record(actor, "funding_application.submitted", "funding_application", application, application.unit,
            status={"before": ApplicationStatus.DRAFT, "after": application.status})
    return application


@transaction.atomic
def do_decide_application(*, actor: Any, application: FundingApplication, granted: bool, decided_on: dt.date | None,
                          granted_sek: int | None = None, conditions: str = "", starts_on: dt.date | None = None,
                          ends_on: dt.date | None = None) -> FundingApplication:
    """The funder's decision. A grant becomes a project (or extends the one the application was for): the
    project's period is the granted one and its funder the application's."""
    authorize(actor, "outreach.manage_projects", application.unit)
    problems: dict[str, str] = {}
    if application.status != ApplicationStatus.SUBMITTED:
        problems["status"] = _("Only a submitted application can be decided.")
    if decided_on is None:
        problems["decided_on"] = _("Give the day of the funder's decision.")
    if granted:
        _amount(granted_sek, "granted_sek", problems)
        if application.project is None and (starts_on is None or ends_on is None):
            problems["starts_on"] = _("Give the granted project's period.")
    if problems:
        raise ValidationError(problems)
    application.status = ApplicationStatus.GRANTED if granted else ApplicationStatus.REFUSED
    application.decided_on, application.conditions = decided_on, conditions.strip()
    application.granted_sek = granted_sek if granted else None
    if granted:
        project = application.project
        if project is None:
            project = do_save_project(actor=actor, unit=application.unit, title=application.title,
                                      starts_on=starts_on, ends_on=ends_on, funder=application.funder,
                                      status=ProjectStatus.RUNNING)
        elif ends_on is not None and ends_on > project.ends_on:
            project.ends_on = ends_on  # a grant that extends the project
            project.save(update_fields=["ends_on"])
        application.project = project
    application.save()
    _record(actor, "funding_application.decided", "funding_application", application, application.unit,
            status={"before": ApplicationStatus.SUBMITTED, "after": application.status},
            granted_sek={"before": None, "after": application.granted_sek},
            project={"before": None, "after": application.project_id})
    return application
