"""Every write of the content app: one transaction, one audit event."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hemvag.content.models import SOURCE_LANGUAGE, Audience, Page, PageVersion, TranslationStatus, VersionStatus
from hemvag.core import audit
from hemvag.core.models import User
from hemvag.core.permissions import as_user, authorize


@transaction.atomic
def do_create_page(*, actor: User | None, slug: str, audience: Audience, order: int = 100) -> Page:
    authorize(actor, "content.edit")
    page = Page.objects.create(slug=slug, audience=audience, order=order)
    audit.record(actor=actor, verb="content_page.created", object_type="content_page", object_id=page.pk,
                 changes=audit.diff({}, {"slug": slug, "audience": str(audience), "order": order}))
    return page


@transaction.atomic
def do_save_draft(
    *, actor: User | None, page: Page, language: str, title: str, summary: str, body: str,
) -> PageVersion:
    """Save the text as a new draft version; nothing earlier is changed, so every version stays readable.

    A Swedish text is the original; any other language is a translation that nobody has reviewed yet, even when
    the text before it was reviewed: the review was of that text, not of this one."""
    authorize(actor, "content.edit")
    # Lock the page row so two editors saving at once get consecutive numbers, not a clash.
    Page.objects.select_for_update().filter(pk=page.pk).first()
    latest = PageVersion.objects.filter(page=page, language=language).aggregate(n=Max("number"))["n"] or 0
    version = PageVersion.objects.create(
        page=page, language=language, number=latest + 1, title=title, summary=summary, body=body,
        translation_status=(TranslationStatus.SOURCE if language == SOURCE_LANGUAGE
                            else TranslationStatus.NOT_REVIEWED),
        created_by=as_user(actor),
    )
    audit.record(actor=actor, verb="content_version.saved", object_type="content_page", object_id=page.pk,
                 changes={"language": language, "version": version.number, "title": title})
    return version


@transaction.atomic
def do_publish(*, actor: User | None, version: PageVersion) -> PageVersion:
    """Make `version` the one readers see in its language; the one published before is kept as superseded."""
    authorize(actor, "content.edit")
    version = PageVersion.objects.select_for_update().get(pk=version.pk)
    if version.status == VersionStatus.PUBLISHED:
        return version
    before = PageVersion.objects.select_for_update().filter(
        page=version.page, language=version.language, status=VersionStatus.PUBLISHED
    ).first()
    if before is not None:
        before.status = VersionStatus.SUPERSEDED
        before.save(update_fields=["status"])
    version.status = VersionStatus.PUBLISHED
    version.published_at = timezone.now()
    version.published_by = as_user(actor)
    version.save(update_fields=["status", "published_at", "published_by"])
    audit.record(actor=actor, verb="content_version.published", object_type="content_page",
                 object_id=version.page_id, changes={
                     "language": version.language,
                     "published_version": {"before": before.number if before else None, "after": version.number},
                 })
    return version


class ReviewRefused(ValueError):
    """The version cannot be marked as reviewed; the message says why, in words for the editor."""


@transaction.atomic
def do_mark_translation_reviewed(
    *, actor: User | None, version: PageVersion, reviewer_name: str, reviewed_on: dt.date,
) -> PageVersion:
    """Record that a translator (named; often someone outside the city) has reviewed this version's text.

    Only a translation can be reviewed — the Swedish original is the source — and only a draft or the published
    version, not an earlier one. Marking it again replaces the reviewer and date (both are in the audit event)."""
    authorize(actor, "content.edit")
    version = PageVersion.objects.select_for_update().get(pk=version.pk)
    reviewer_name = reviewer_name.strip()
    if version.translation_status == TranslationStatus.SOURCE or version.language == SOURCE_LANGUAGE:
        raise ReviewRefused(_("The Swedish text is the original: it needs no translator's review."))
    if version.status == VersionStatus.SUPERSEDED:
        raise ReviewRefused(_("An earlier version cannot be marked as reviewed."))
    if not reviewer_name:
        raise ReviewRefused(_("Write the name of the translator who reviewed the text."))
    if reviewed_on > timezone.localdate():
        raise ReviewRefused(_("The review date cannot be in the future."))
    before = {"translation_status": version.translation_status, "reviewer_name": version.reviewer_name,
              "reviewed_on": version.reviewed_on.isoformat() if version.reviewed_on else None}
    version.translation_status = TranslationStatus.REVIEWED
    version.reviewer_name = reviewer_name
    version.reviewed_on = reviewed_on
    version.review_recorded_at = timezone.now()
    version.review_recorded_by = as_user(actor)
    version.save(update_fields=["translation_status", "reviewer_name", "reviewed_on", "review_recorded_at",
                                "review_recorded_by"])
    after = {"translation_status": version.translation_status, "reviewer_name": reviewer_name,
             "reviewed_on": reviewed_on.isoformat()}
    audit.record(actor=actor, verb="content_version.translation_reviewed", object_type="content_page",
                 object_id=version.page_id, changes={
                     "language": version.language, "version": version.number, **audit.diff(before, after)})
    return version
