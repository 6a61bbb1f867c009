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
    # Demo content in languages nobody on the project reads is marked, so no reader takes it as checked.
    demo_translation = models.BooleanField(_("demo translation, not checked by a translator"), default=False)
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
        ]

    def __str__(self) -> str:
        return f"{self.page.slug} [{self.language}] v{self.number}"
