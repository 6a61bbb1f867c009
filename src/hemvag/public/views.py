"""The resident-facing site. Thin views: parse, ask the engine or a query, render.

Privacy: the self-check views read the answers from the posted form and never write them anywhere — no
session, no database, no log line (this module logs nothing at all), and no analytics. Answers are only
ever posted (never put in a URL), so they do not end up in a proxy's or server's access log either.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from hemvag.content import queries as content_queries
from hemvag.content.markup import render as render_markup
from hemvag.content.models import Audience
from hemvag.core import queries as core_queries
from hemvag.core import ratelimit
from hemvag.core.permissions import public
from hemvag.public import results
from hemvag.public.forms import CONSENT_TEXT, ContactRequestForm
from hemvag.public.questions import PROGRAM_NAMES, AnswerForm
from hemvag.public.selfcheck import UNKNOWN, Answers, BadAnswers, Step, household_people, next_step

# The self-check's questions are translated into every resident language (the Somali, Dari and Bosnian ones are
# not yet reviewed by a translator, like their pages). A language added to the site before its questions are
# translated gets a pointer to the languages that have them. The engine's own texts (conditions, documents) exist in
# Swedish and English only: other languages show them in Swedish, marked as such.
SELF_CHECK_LANGUAGES = ("sv", "en", "ar", "so", "prs", "bs")


def _language() -> str:
    return get_language() or "sv"


@public
def home(request: HttpRequest) -> HttpResponse:
    pages = content_queries.published_pages(Audience.RESIDENT, _language())
    return render(request, "public/home.html", {"pages": pages})


@public
def page(request: HttpRequest, slug: str) -> HttpResponse:
    found = content_queries.page_by_slug(slug, Audience.RESIDENT)
    shown = content_queries.published(found, _language()) if found else None
    if shown is None:
        raise Http404
    body = render_markup(shown.version.body, shown.version.language, timezone.localdate())
    # A translation no translator has reviewed says so, and points to the Swedish original, which applies.
    not_reviewed = not shown.is_fallback and shown.version.needs_review
    swedish_url = None
    if not_reviewed and content_queries.has_published(found, content_queries.FALLBACK_LANGUAGE):
        with translation.override(content_queries.FALLBACK_LANGUAGE):
            swedish_url = reverse("public:page", kwargs={"slug": slug})
    return render(request, "public/page.html", {"shown": shown, "body": body, "not_reviewed": not_reviewed,
                                                "swedish_url": swedish_url})


def _engine_language() -> str:
    return "en" if _language() == "en" else "sv"


def _render_step(request: HttpRequest, answers: Answers, step: Step, form: AnswerForm | None = None,
                 restarted: bool = False, previous: str | None = None) -> HttpResponse:
    people = household_people(answers)
    context: dict[str, Any] = {"answers": answers.encoded(), "step": step, "restarted": restarted,
                               "engine_lang": _engine_language()}
    if step.result is not None:
        context.update(result=results.present(step.result, people, _engine_language()),
                       program_name=PROGRAM_NAMES[answers.program or "return_grant"])
        template = "public/_self_check_result.html"
    else:
        assert step.question is not None
        context.update(form=form or AnswerForm(step.question, people, _language(),
                                               initial={"value": previous}),
                       question=step.question)
        template = "public/_self_check_question.html"
    if request.htmx:
        return render(request, template, context)
    return render(request, "public/self_check.html", {**context, "part": template})


@public
@never_cache
@require_http_methods(["GET", "POST"])
def self_check(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    if _language() not in SELF_CHECK_LANGUAGES:
        return render(request, "public/self_check_languages.html")
    if request.method == "GET":
        return _render_step(request, Answers(), next_step(Answers(), today, _engine_language()))
    try:
        answers = Answers.from_posted(request.POST.getlist("answer"))
        current = next_step(answers, today, _engine_language())  # also checks that the facts fit together
    except BadAnswers:
        # Not something this wizard posts: start again rather than guess (and never echo it back).
        return _render_step(request, Answers(), next_step(Answers(), today, _engine_language()), restarted=True)
    action = request.POST.get("action", "next")
    if action == "back":
        # Show the last question again, with the answer that was given to it.
        answers, last = answers.without_last()
        previous = last[1] if last and last[1] != UNKNOWN else None
        return _render_step(request, answers, next_step(answers, today, _engine_language()), previous=previous)
    return _answer(request, answers, current, action, today)


def _answer(request: HttpRequest, answers: Answers, current: Step, action: str, today: dt.date) -> HttpResponse:
    if current.question is None:  # already decided: show the result again
        return _render_step(request, answers, current)
    question = current.question
    people = household_people(answers)
    if action == "unknown" and question.key not in ("program", "partner", "children"):
        return _render_step(request, answers.added(question.key, UNKNOWN),
                            next_step(answers.added(question.key, UNKNOWN), today, _engine_language()))
    form = AnswerForm(question, people, _language(), request.POST)
    if not form.is_valid():
        return _render_step(request, answers, current, form)
    updated = answers.added(question.key, form.answer())
    try:
        step = next_step(updated, today, _engine_language())
    except BadAnswers:
        form.add_error("value", _("This date does not fit with your other answers. Check it and try again."))
        return _render_step(request, answers, current, form)
    return _render_step(request, updated, step)


@public
@never_cache
@require_POST
def self_check_print(request: HttpRequest) -> HttpResponse:
    """The result on its own page with a print stylesheet, to print or save as PDF for a meeting."""
    today = timezone.localdate()
    try:
        answers = Answers.from_posted(request.POST.getlist("answer"))
        step = next_step(answers, today, _engine_language())
    except BadAnswers:
        step = None
    if step is None or step.result is None:
        return _render_step(request, Answers(), next_step(Answers(), today, _engine_language()), restarted=True)
    return render(request, "public/self_check_print.html", {
        "result": results.present(step.result, household_people(answers), _engine_language()),
        "program_name": PROGRAM_NAMES[answers.program or "return_grant"], "today": today,
        "engine_lang": _engine_language(),
    })


CONTACT_LIMIT, CONTACT_WINDOW = 5, 60 * 60  # requests per client and hour


def create_inquiry(**kwargs: Any) -> Any:
    """The case is the cases app's: its action creates the inquiry and its audit event in one transaction."""
    from hemvag.cases.actions import do_create_inquiry

    return do_create_inquiry(**kwargs)


@public
@never_cache
@require_http_methods(["GET", "POST"])
def contact(request: HttpRequest) -> HttpResponse:
    units = core_queries.units_taking_inquiries()
    if request.method == "GET":
        form = ContactRequestForm(units=units, initial={"language": _language()})
        return render(request, "public/contact.html", {"form": form})
    if not ratelimit.allow(request, "contact_request", CONTACT_LIMIT, CONTACT_WINDOW):
        return render(request, "public/contact_limited.html", status=429)
    form = ContactRequestForm(request.POST, units=units)
    if form.is_bot:
        # Answer as if it worked, so a bot learns nothing; nothing is stored.
        return render(request, "public/contact_sent.html", {"reference": None})
    if not form.is_valid():
        return render(request, "public/contact.html", {"form": form}, status=400)
    data = form.cleaned_data
    case = create_inquiry(
        actor=None, unit=data["unit"], channel="contact_request", name=data["name"], contact=data["contact"],
        language=data["language"], interpreter_needed=data["interpreter_needed"] == "yes", message=data["message"],
        consent_text=str(CONSENT_TEXT),
    )
    return render(request, "public/contact_sent.html", {"reference": case.reference, "unit": data["unit"]})
