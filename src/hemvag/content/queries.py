"""Every read the content views need."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet

from hemvag.content.models import SOURCE_LANGUAGE, Audience, Page, PageVersion, VersionStatus

FALLBACK_LANGUAGE = SOURCE_LANGUAGE


@dataclass(frozen=True)
class Shown:
    """What a reader gets: the published version, and whether it is the Swedish fallback."""

    version: PageVersion
    is_fallback: bool


def published(page: Page, language: str) -> Shown | None:
    """The published version in `language`, else the Swedish one (marked as a fallback), else None."""
    versions = {
        v.language: v
        for v in PageVersion.objects.filter(
            page=page, status=VersionStatus.PUBLISHED, language__in=[language, FALLBACK_LANGUAGE]
        )
    }
    if language in versions:
        return Shown(versions[language], is_fallback=False)
    if FALLBACK_LANGUAGE in versions:
        return Shown(versions[FALLBACK_LANGUAGE], is_fallback=True)
    return None


def page_by_slug(slug: str, audience: Audience) -> Page | None:
    return Page.objects.filter(slug=slug, audience=audience).first()


def published_pages(audience: Audience, language: str) -> list[Shown]:
    """Every page of the audience that has a published version (in the language or in Swedish), in order."""
    shown = []
    for page in Page.objects.filter(audience=audience).order_by("order", "slug"):
        found = published(page, language)
        if found is not None:
            shown.append(found)
    return shown


def all_pages() -> QuerySet[Page]:
    return Page.objects.order_by("audience", "order", "slug")


def versions_of(page: Page, language: str) -> QuerySet[PageVersion]:
    return PageVersion.objects.filter(page=page, language=language).select_related(
        "created_by", "published_by"
    ).order_by("-number")


def languages_with_a_version(page: Page) -> set[str]:
    return set(PageVersion.objects.filter(page=page).values_list("language", flat=True).distinct())


def latest_version(page: Page, language: str) -> PageVersion | None:
    return versions_of(page, language).first()


def version_by_id(version_id: int) -> PageVersion | None:
    return PageVersion.objects.filter(pk=version_id).select_related(
        "page", "created_by", "published_by", "review_recorded_by").first()


def has_published(page: Page, language: str) -> bool:
    return PageVersion.objects.filter(page=page, language=language, status=VersionStatus.PUBLISHED).exists()


@dataclass(frozen=True)
class LanguageStatus:
    code: str
    latest: PageVersion | None
    published: PageVersion | None

    @property
    def needs_review(self) -> bool:
        """The text readers see, or a newer draft of it, is a translation no translator has reviewed."""
        return any(v is not None and v.needs_review for v in (self.published, self.latest))


def language_overview(page: Page, versions: list[PageVersion] | None = None) -> list[LanguageStatus]:
    """For the editor: per language, the latest version and the published one."""
    if versions is None:
        versions = list(PageVersion.objects.filter(page=page).order_by("-number"))
    rows = []
    for code, _name in settings.LANGUAGES:
        mine = [v for v in versions if v.language == code]
        rows.append(LanguageStatus(code, mine[0] if mine else None,
                                   next((v for v in mine if v.status == VersionStatus.PUBLISHED), None)))
    return rows


REVIEW_FILTERS = ("not_reviewed",)


def editor_overview(review: str = "") -> list[tuple[Page, list[LanguageStatus]]]:
    """Every page with its languages; with review="not_reviewed" only the pages where at least one language
    has a published text or a newer draft that no translator has reviewed (the Swedish original never counts)."""
    versions: dict[int, list[PageVersion]] = {}
    for version in PageVersion.objects.order_by("-number"):
        versions.setdefault(version.page_id, []).append(version)
    rows = [(page, language_overview(page, versions.get(page.pk, []))) for page in all_pages()]
    if review == "not_reviewed":
        rows = [(page, languages) for page, languages in rows if any(row.needs_review for row in languages)]
    return rows


def any_page(slug: str) -> Page | None:
    """A page of either audience, for the editor."""
    return Page.objects.filter(slug=slug).first()

