"""The outreach pages (thin: read through outreach.queries, write through outreach.actions, render)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hemvag.content import queries as content_queries
from hemvag.content.models import Audience
from hemvag.core.forms import add_action_errors
from hemvag.core.permissions import PUBLIC, has_permission, requires
from hemvag.outreach import actions, ical, queries
from hemvag.outreach.forms import (
    ActivityForm,
    AgreementForm,
    ApplicationForm,
    BudgetForm,
    ConsultationForm,
    ContactForm,
    DecisionForm,
    IndicatorForm,
    OrganisationForm,
    PlanForm,
    ProjectForm,
    SpendForm,
)


def _unit(request: HttpRequest, action: str) -> Any:
    unit = queries.units_for(request.user, action).first()
    if unit is None:
        raise Http404("No unit.")
    return unit


@requires(queries.VIEW)
def index(request: HttpRequest) -> HttpResponse:
    upcoming, past = queries.calendar_of(request.user, timezone.localdate())
    return render(request, "outreach/index.html", {
        "upcoming": upcoming, "past": past,
        "consultations": queries.consultations(request.user)[:20],
        "feeds": queries.feeds_of(request.user),
        "may_record": has_permission(request.user, "outreach.record_activities")})


def _pages() -> list[tuple[str, str]]:
    return [(shown.version.page.slug, shown.version.title)
            for shown in content_queries.published_pages(Audience.RESIDENT, "sv")]


@requires("outreach.record_activities")
def new_activity(request: HttpRequest) -> HttpResponse:
    unit = _unit(request, "outreach.record_activities")
    form = ActivityForm(request.POST or None, organisations=queries.organisations_of(unit),
                        lines=queries.plan_lines(request.user), pages=_pages(),
                        initial={"held_on": timezone.localdate(), "kind": "information_meeting"})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_record_activity(
                actor=request.user, unit=unit, kind=data["kind"], title=data["title"], held_on=data["held_on"],
                starts_at=data["starts_at"], place=data["place"], organisations=list(data["organisations"]),
                languages=data["languages"], interpreter=data["interpreter"], topics=data["topics"],
                participants=data["participants"], women=data["women"], men=data["men"],
                materials=form.materials_used(), follow_up=data["follow_up"], plan_line=data["plan_line"])
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("The activity is recorded."))
            return redirect("outreach:index")
    return render(request, "outreach/form.html", {"form": form, "title": _("Record an activity")},
                  status=400 if form.errors else 200)


@requires("outreach.record_activities")
def new_consultation(request: HttpRequest) -> HttpResponse:
    unit = _unit(request, "outreach.record_activities")
    form = ConsultationForm(request.POST or None, lines=queries.plan_lines(request.user),
                            initial={"held_on": timezone.localdate(), "minutes": 30})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_record_consultation(
                actor=request.user, unit=unit, held_on=data["held_on"], colleague_kind=data["colleague_kind"],
                colleague_unit=data["colleague_unit"], topic=data["topic"], minutes=data["minutes"] or 0,
                led_to_referral=data["led_to_referral"], plan_line=data["plan_line"])
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("The consultation is recorded."))
            return redirect("outreach:index")
    return render(request, "outreach/form.html", {"form": form, "title": _("Record a consultation")},
                  status=400 if form.errors else 200)


@requires(queries.VIEW)
def organisations(request: HttpRequest) -> HttpResponse:
    may_manage = has_permission(request.user, "outreach.manage_organisations")
    form = OrganisationForm(request.POST or None)
    if request.method == "POST":
        unit = _unit(request, "outreach.manage_organisations")
        if form.is_valid():
            try:
                actions.do_save_organisation(actor=request.user, unit=unit, **form.cleaned_data)
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                messages.success(request, _("The organisation is saved."))
                return redirect("outreach:organisations")
    return render(request, "outreach/organisations.html", {
        "organisations": queries.organisations(request.user), "form": form, "may_manage": may_manage},
        status=400 if form.errors else 200)


@requires(queries.VIEW)
def organisation(request: HttpRequest, pk: int) -> HttpResponse:
    found = queries.organisation(request.user, pk)
    may_manage = has_permission(request.user, "outreach.manage_organisations", found.unit)
    form = ContactForm(request.POST or None)
    if request.method == "POST" and may_manage and form.is_valid():
        try:
            actions.do_add_contact(actor=request.user, organisation=found, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("The contact is added."))
            return redirect("outreach:organisation", pk=found.pk)
    return render(request, "outreach/organisation.html", {
        "organisation": found, "form": form, "may_manage": may_manage, **queries.organisation_page(found)},
        status=400 if form.errors else 200)


@require_POST
@requires("outreach.manage_organisations")
def remove_contact(request: HttpRequest, pk: int, contact_id: int) -> HttpResponse:
    found = queries.organisation(request.user, pk)
    actions.do_remove_contact(actor=request.user, contact=queries.contact(found, contact_id))
    messages.success(request, _("The contact is removed."))
    return redirect("outreach:organisation", pk=found.pk)


@requires(queries.VIEW)
def agreements(request: HttpRequest) -> HttpResponse:
    return render(request, "outreach/agreements.html", {
        "agreements": queries.agreements(request.user), "today": timezone.localdate(),
        "may_manage": has_permission(request.user, "outreach.manage_agreements")})


@requires("outreach.manage_agreements")
def new_agreement(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """A new agreement, or (pk) a change of one: renewed, extended, its document replaced. Every save is an audit
    event, which is the agreement's history."""
    found = queries.agreement(request.user, pk) if pk is not None else None
    unit = found.unit if found else _unit(request, "outreach.manage_agreements")
    initial = ({name: getattr(found, name) for name in ("kind", "title", "signed_on", "valid_from", "valid_to",
                                                         "responsible", "remind_days")} |
               {"parties": list(found.parties.all())}) if found else {}
    form = AgreementForm(request.POST or None, request.FILES or None, organisations=queries.organisations_of(unit),
                         people=queries.people_of(unit), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data.pop("document")
        try:
            actions.do_save_agreement(actor=request.user, unit=unit, parties=list(data.pop("parties")),
                                      document=(upload.name, upload.read(actions.MAX_DOCUMENT_BYTES + 1))
                                      if upload else None, agreement=found, **data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("The agreement is saved."))
            return redirect("outreach:agreements")
    title = _("Change the agreement") if found else _("New agreement")
    return render(request, "outreach/form.html", {"form": form, "title": title, "multipart": True,
                                                  "history": queries.history("agreement", found) if found else None},
                  status=400 if form.errors else 200)


@requires("outreach.manage_organisations")
def edit_organisation(request: HttpRequest, pk: int) -> HttpResponse:
    found = queries.organisation(request.user, pk)
    initial = {name: getattr(found, name) for name in OrganisationForm.base_fields}
    form = OrganisationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_save_organisation(actor=request.user, unit=found.unit, organisation=found,
                                         is_active=request.POST.get("is_active") != "false", **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("The organisation is saved."))
            return redirect("outreach:organisation", pk=found.pk)
    return render(request, "outreach/form.html", {"form": form, "title": _("Change the organisation")},
                  status=400 if form.errors else 200)


@requires(queries.VIEW)
def plan(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan's yearly follow-up: per line, what was done against what was planned."""
    found = queries.plan(request.user, pk)
    year_text = request.GET.get("year", "")
    year = int(year_text) if year_text.isdigit() else min(max(timezone.localdate().year, found.first_year),
                                                          found.last_year)
    return render(request, "outreach/plan.html", {
        "plan": found, "year": year, "years": range(found.first_year, found.last_year + 1),
        "rows": queries.follow_up(found, year)})


@requires(queries.VIEW)
def plans(request: HttpRequest) -> HttpResponse:
    return render(request, "outreach/plans.html", {
        "plans": queries.plans(request.user), "may_manage": has_permission(request.user, "outreach.manage_plans")})


@requires("outreach.manage_plans")
def new_plan(request: HttpRequest) -> HttpResponse:
    unit = _unit(request, "outreach.manage_plans")
    year = timezone.localdate().year
    form = PlanForm(request.POST or None, initial={"first_year": year, "last_year": year + 3})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            found = actions.do_save_plan(actor=request.user, unit=unit, title=data["title"],
                                         first_year=data["first_year"], last_year=data["last_year"],
                                         lines=form.plan_lines())
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            return redirect("outreach:plan", pk=found.pk)
    return render(request, "outreach/form.html", {"form": form, "title": _("New activity plan")},
                  status=400 if form.errors else 200)


@require_POST
@requires(queries.VIEW)
def new_feed(request: HttpRequest) -> HttpResponse:
    unit = _unit(request, queries.VIEW)
    _feed, token = actions.do_create_calendar_feed(actor=request.user, unit=unit,
                                                  label=request.POST.get("label", "")[:100])
    url = request.build_absolute_uri(f"/outreach/calendar/{token}.ics")
    messages.success(request, _("Subscribe to this address; it is shown only now: %(url)s") % {"url": url})
    return redirect("outreach:index")


@require_POST
@requires(queries.VIEW)
def revoke_feed(request: HttpRequest, pk: int) -> HttpResponse:
    actions.do_revoke_calendar_feed(actor=request.user, feed=queries.feed_of(request.user, pk))
    messages.success(request, _("The address no longer works."))
    return redirect("outreach:index")


@requires(PUBLIC)
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The subscription itself: the token is the key (a calendar program cannot sign in); no personal data."""
    feed = queries.calendar_feed(actions.token_hash(token))
    if feed is None:
        raise Http404("No such calendar.")
    since = timezone.localdate() - dt.timedelta(days=365)
    body = ical.feed(f"{feed.unit.name}", queries.calendar_activities(feed.unit, since),
                         request.get_host().split(":")[0], timezone.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    return response


# --- projects and funding ---

@requires(queries.VIEW)
def projects(request: HttpRequest) -> HttpResponse:
    return render(request, "outreach/projects.html", {
        "projects": queries.projects(request.user), "applications": queries.applications(request.user),
        "may_manage": has_permission(request.user, "outreach.manage_projects")})


def _project_form(request: HttpRequest, unit: Any, data: Any = None) -> ProjectForm:
    return ProjectForm(data, lines=queries.plan_lines(request.user), organisations=queries.organisations_of(unit))


@requires("outreach.manage_projects")
def new_project(request: HttpRequest) -> HttpResponse:
    unit = _unit(request, "outreach.manage_projects")
    form = _project_form(request, unit, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            found = actions.do_save_project(actor=request.user, unit=unit, lines=list(data.pop("lines")),
                                            partners=list(data.pop("partners")), **data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            return redirect("outreach:project", pk=found.pk)
    return render(request, "outreach/form.html", {"form": form, "title": _("New project")},
                  status=400 if form.errors else 200)


@requires(queries.VIEW)
def project(request: HttpRequest, pk: int, forms: dict[str, Any] | None = None, status: int = 200) -> HttpResponse:
    from hemvag.outreach.charts import budget_chart  # matplotlib loads with the first project shown

    found = queries.project(request.user, pk)
    years = queries.budget_vs_spend(found)
    forms = forms or {}
    return render(request, "outreach/project.html", {
        "project": found, "years": years, "chart": budget_chart(years, f"budget-{found.pk}"),
        "by_type": queries.budget_by_cost_type(found), **queries.project_page(found),
        "may_manage": has_permission(request.user, "outreach.manage_projects", found.unit),
        "budget_form": forms.get("budget") or BudgetForm(initial={"year": found.starts_on.year}),
        "spend_form": forms.get("spend") or SpendForm(initial={"spent_on": timezone.localdate()}),
        "indicator_form": forms.get("indicator") or IndicatorForm()}, status=status)


@require_POST
@requires("outreach.manage_projects")
def project_change(request: HttpRequest, pk: int, what: str) -> HttpResponse:
    """One of the project's forms: a budget line, a spend, an indicator."""
    found = queries.project(request.user, pk)
    kinds = {"budget": BudgetForm, "spend": SpendForm, "indicator": IndicatorForm}
    if what not in kinds:
        raise Http404("No such form.")
    form = kinds[what](request.POST)
    if form.is_valid():
        try:
            if what == "budget":
                actions.do_set_budget(actor=request.user, project=found, **form.cleaned_data)
            elif what == "spend":
                actions.do_record_spend(actor=request.user, project=found, **form.cleaned_data)
            else:
                actions.do_save_indicator(actor=request.user, project=found, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
    if form.errors:
        return project(request, pk, {what: form}, status=400)
    messages.success(request, _("Saved."))
    return redirect("outreach:project", pk=found.pk)


@requires("outreach.manage_projects")
def new_application(request: HttpRequest) -> HttpResponse:
    unit = _unit(request, "outreach.manage_projects")
    form = ApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            found = actions.do_save_application(actor=request.user, unit=unit, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            return redirect("outreach:application", pk=found.pk)
    return render(request, "outreach/form.html", {"form": form, "title": _("New funding application")},
                  status=400 if form.errors else 200)


@requires(queries.VIEW)
def application(request: HttpRequest, pk: int) -> HttpResponse:
    found = queries.application(request.user, pk)
    form = DecisionForm(request.POST or None, initial={"decided_on": timezone.localdate(),
                                                       "granted_sek": found.requested_sek})
    if request.method == "POST":
        if not has_permission(request.user, "outreach.manage_projects", found.unit):
            raise PermissionDenied
        try:
            if request.POST.get("submit"):
                actions.do_submit_application(actor=request.user, application=found,
                                              submitted_on=timezone.localdate())
                return redirect("outreach:application", pk=found.pk)
            if form.is_valid():
                data = form.cleaned_data
                found = actions.do_decide_application(
                    actor=request.user, application=found, granted=data["outcome"] == "granted",
                    decided_on=data["decided_on"], granted_sek=data["granted_sek"], conditions=data["conditions"],
                    starts_on=data["starts_on"], ends_on=data["ends_on"])
                if found.project_id:
                    return redirect("outreach:project", pk=found.project_id)
                return redirect("outreach:application", pk=found.pk)
        except ValidationError as error:
            add_action_errors(form, error)
    return render(request, "outreach/application.html", {
        "application": found, "form": form,
        "may_manage": has_permission(request.user, "outreach.manage_projects", found.unit)},
        status=400 if form.errors else 200)


@requires(queries.VIEW)
def agreement_document(request: HttpRequest, pk: int) -> HttpResponse:
    found = queries.agreement(request.user, pk)
    data = queries.agreement_document(found)
    if data is None:
        raise Http404("The agreement has no document.")
    name = "".join(c if c.isalnum() or c in "._-" else "-" for c in found.document_name)[:100] or "agreement"
    response = HttpResponse(data, content_type="application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
