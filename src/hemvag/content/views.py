"""Staff-facing content views: the knowledge base (read) and the editor (admin role). Thin."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hemvag.content import actions, queries
from hemvag.content.forms import NewPageForm, PageVersionForm, TranslationReviewForm
from hemvag.content.markup import render as render_markup
from hemvag.content.models import Audience, Page, PageVersion, TranslationStatus, VersionStatus
from hemvag.core.permissions import has_permission, requires

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def _staff_language() -> str:
    language = get_language() or "sv"
    return language if language in settings.STAFF_LANGUAGES else "sv"


@requires("content.read_staff_guidance")
def guidance_index(request: HttpRequest) -> HttpResponse:
    pages = queries.published_pages(Audience.STAFF, _staff_language())
    can_refer = has_permission(request.user, "cases.refer_resident")
    return render(request, "content/guidance_index.html", {"pages": pages, "can_refer": can_refer})


@requires("content.read_staff_guidance")
def guidance_page(request: HttpRequest, slug: str) -> HttpResponse:
    page = queries.page_by_slug(slug, Audience.STAFF)
    shown = queries.published(page, _staff_language()) if page else None
    if shown is None:
        raise Http404
    body = render_markup(shown.version.body, shown.version.language, timezone.localdate())
    return render(request, "content/guidance_page.html", {"shown": shown, "body": body})


@requires("content.edit")
def editor_index(request: HttpRequest) -> HttpResponse:
    form = NewPageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        page = actions.do_create_page(actor=request.user, slug=form.cleaned_data["slug"],
                                      audience=Audience(form.cleaned_data["audience"]),
                                      order=form.cleaned_data["order"])
        return redirect("content:editor_page", slug=page.slug, language="sv")
    review = request.GET.get("review", "")
    if review not in queries.REVIEW_FILTERS:
        review = ""
    return render(request, "content/editor_index.html", {
        "rows": queries.editor_overview(review), "form": form, "review": review,
    }, status=400 if form.errors else 200)


def _page_or_404(slug: str) -> Page:
    page = queries.any_page(slug)
    if page is None:
        raise Http404
    return page


@requires("content.edit")
def editor_page(request: HttpRequest, slug: str, language: str) -> HttpResponse:
    """The version history of one page in one language, and a form that saves a new draft."""
    page = _page_or_404(slug)
    if language not in LANGUAGE_CODES:
        raise Http404
    latest = queries.latest_version(page, language)
    if request.method == "POST":
        form = PageVersionForm(request.POST)
        if form.is_valid():
            version = actions.do_save_draft(actor=request.user, page=page, language=language, **form.cleaned_data)
            messages.success(request, _("Saved as draft version %(number)s.") % {"number": version.number})
            return redirect("content:version", version_id=version.pk)
    else:
        form = PageVersionForm.from_version(latest) if latest else PageVersionForm()
    return render(request, "content/editor_page.html", {
        "page": page, "language": language, "form": form, "versions": queries.versions_of(page, language),
    })


def _can_be_reviewed(version: PageVersion) -> bool:
    return version.translation_status != TranslationStatus.SOURCE and version.status != VersionStatus.SUPERSEDED


def _version_page(request: HttpRequest, version: PageVersion, review_form: TranslationReviewForm | None = None,
                  status: int = 200) -> HttpResponse:
    body = render_markup(version.body, version.language, timezone.localdate())
    if review_form is None and _can_be_reviewed(version):
        review_form = TranslationReviewForm(initial={
            "reviewer_name": version.reviewer_name, "reviewed_on": version.reviewed_on or timezone.localdate()})
    return render(request, "content/version_detail.html", {
        "version": version, "body": body, "review_form": review_form,
    }, status=status)


@requires("content.edit")
def version_detail(request: HttpRequest, version_id: int) -> HttpResponse:
    version = queries.version_by_id(version_id)
    if version is None:
        raise Http404
    return _version_page(request, version)


@requires("content.edit")
@require_POST
def mark_reviewed(request: HttpRequest, version_id: int) -> HttpResponse:
    """Record a translator's review of this version (name, date); the Swedish original has none."""
    version = queries.version_by_id(version_id)
    if version is None:
        raise Http404
    if not _can_be_reviewed(version):
        return _version_page(request, version, status=400)
    form = TranslationReviewForm(request.POST)
    if not form.is_valid():
        return _version_page(request, version, form, status=400)
    try:
        actions.do_mark_translation_reviewed(actor=request.user, version=version, **form.cleaned_data)
    except actions.ReviewRefused as refused:
        form.add_error(None, str(refused))
        return _version_page(request, version, form, status=400)
    messages.success(request, _("Version %(number)s is marked as reviewed by %(name)s.") % {
        "number": version.number, "name": form.cleaned_data["reviewer_name"]})
    return redirect("content:version", version_id=version.pk)


@requires("content.edit")
@require_POST
def publish(request: HttpRequest, version_id: int) -> HttpResponse:
    version = queries.version_by_id(version_id)
    if version is None:
        raise Http404
    actions.do_publish(actor=request.user, version=version)
    messages.success(request, _("Version %(number)s is now published.") % {"number": version.number})
    return redirect("content:version", version_id=version.pk)
