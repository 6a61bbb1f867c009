"""Information pages for residents and staff, one version history per page and language.

A page is only a slug, an audience and an order; what a reader sees is a PageVersion. Editing never
changes a version: saving writes a new draft, publishing marks one version as the published one for its
language (the one published before it becomes "superseded"), so every earlier text stays readable.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Audience(models.TextChoices):
    RESIDENT = "resident", _("Residents")
    STAFF = "staff", pgettext_lazy("audience of a page", "City staff")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    SUPERSEDED = "superseded", _("Earlier published version")


# The language every page is written in first. Its text is the original, so it needs no translator's review;
# every other language is a translation of it and is "not reviewed" until an editor records a translator's review.
SOURCE_LANGUAGE = "sv"


class TranslationStatus(models.TextChoices):
    SOURCE = "source", _("Original (Swedish)")
    NOT_REVIEWED = "draft", _("Translation not reviewed")
    REVIEWED = "reviewed", _("Reviewed by a translator")


class Page(models.Model):
    slug = models.SlugField(_("address"), max_length=80, unique=True)
    audience = models.CharField(_("audience"), max_length=16, choices=Audience.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("information page")
        verbose_name_plural = _("information pages")
        ordering = ["audience", "order", "slug"]

    def __str__(self) -> str:
        return self.slug


class PageVersion(models.Model):
    page = models.ForeignKey(Page, on_delete=models.PROTECT, related_name="versions", verbose_name=_("page"))
    # No choices here: the list of languages is a setting, and a change to it must not need a migration.
    language = models.CharField(_("language"), max_length=8)
    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=160)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    body = models.TextField(_("text"), max_length=20000)
    # A translation's review belongs to one version: a new text is a new version, and is not reviewed until a
    # translator has read that text. The reviewer may be external, so the name is text; the user is who recorded it.
    translation_status = models.CharField(
        _("translation status"), max_length=16, choices=TranslationStatus.choices,
        default=TranslationStatus.NOT_REVIEWED,
    )
    reviewer_name = models.CharField(_("reviewed by (translator)"), max_length=120, blank=True)
    reviewed_on = models.DateField(_("reviewed on"), null=True, blank=True)
    review_recorded_at = models.DateTimeField(_("review recorded"), null=True, blank=True)
    review_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("review recorded by"),
    )
    status = models.CharField(_("status"), max_length=16, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    created_at = models.DateTimeField(_("saved"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("saved by"),
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("published by"),
    )

    class Meta:
        verbose_name = _("page version")
        verbose_name_plural = _("page versions")
        ordering = ["page", "language", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["page", "language", "number"], name="content_version_number_unique"),
            # At most one published version per page and language: readers never see two.
            models.UniqueConstraint(
                fields=["page", "language"], condition=models.Q(status="published"),
                name="content_one_published_per_language",
            ),
            # "Reviewed" always says who and when; nothing else carries a reviewer.
            models.CheckConstraint(
                condition=(
                    models.Q(translation_status="reviewed") & ~models.Q(reviewer_name="")
                    & models.Q(reviewed_on__isnull=False)
                ) | (
                    ~models.Q(translation_status="reviewed") & models.Q(reviewer_name="")
                    & models.Q(reviewed_on__isnull=True)
                ),
                name="content_review_has_who_and_when",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.page.slug} [{self.language}] v{self.number}"

    @property
    def needs_review(self) -> bool:
        """A translation that no translator has reviewed yet (the Swedish original never needs one)."""
        return self.translation_status == TranslationStatus.NOT_REVIEWED
