"""Every write of the content app: one transaction, one audit event."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from hemvag.content.models import Audience, Page, PageVersion, VersionStatus
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
    demo_translation: bool = False,
) -> PageVersion:
    """Save the text as a new draft version; nothing earlier is changed, so every version stays readable."""
    authorize(actor, "content.edit")
    # Lock the page row so two editors saving at once get consecutive numbers, not a clash.
    Page.objects.select_for_update().filter(pk=page.pk).first()
    latest = PageVersion.objects.filter(page=page, language=language).aggregate(n=Max("number"))["n"] or 0
    version = PageVersion.objects.create(
        page=page, language=language, number=latest + 1, title=title, summary=summary, body=body,
        demo_translation=demo_translation, created_by=as_user(actor),
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
