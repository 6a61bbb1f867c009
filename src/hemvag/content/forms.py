from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hemvag.content import queries
from hemvag.content.markup import unknown_placeholders
from hemvag.content.models import Audience
from hemvag.core.forms import AccessibleErrorsMixin


class PageVersionForm(AccessibleErrorsMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=160)
    summary = forms.CharField(
        label=_("Summary"), max_length=300, required=False,
        help_text=_("One or two sentences shown in the list of pages."),
    )
    body = forms.CharField(
        label=_("Text"), max_length=20000, widget=forms.Textarea(attrs={"rows": 20}),
        help_text=_(
            "Blank line = new paragraph. '## ' starts a heading, '- ' a list item. Links: [text](https://…). "
            "Amounts come from the rules: {amount:return_grant.amount_per_adult}."
        ),
    )
    def clean_body(self) -> str:
        body: str = self.cleaned_data["body"]
        unknown = unknown_placeholders(body, timezone.localdate())
        if unknown:
            raise forms.ValidationError(
                _("These values are not in the rules today: %(names)s"), params={"names": ", ".join(unknown)}
            )
        return body

    @classmethod
    def from_version(cls, version: Any) -> PageVersionForm:
        return cls(initial={"title": version.title, "summary": version.summary, "body": version.body})


class TranslationReviewForm(AccessibleErrorsMixin, forms.Form):
    reviewer_name = forms.CharField(
        label=_("Translator who reviewed the text"), max_length=120,
        help_text=_("The translator's name, also when they are not a Hemväg user."),
        error_messages={"required": _("Write the name of the translator who reviewed the text.")},
    )
    reviewed_on = forms.DateField(
        label=_("Date of the review"), help_text=_("As 2026-03-01."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Write the date of the review."),
                        "invalid": _("Write the date as 2026-03-01.")},
    )

    def clean_reviewed_on(self) -> Any:
        reviewed_on = self.cleaned_data["reviewed_on"]
        if reviewed_on > timezone.localdate():
            raise forms.ValidationError(_("The review date cannot be in the future."))
        return reviewed_on


class NewPageForm(AccessibleErrorsMixin, forms.Form):
    slug = forms.SlugField(
        label=_("Address of the new page"), max_length=80,
        help_text=_("Lower-case letters, digits and hyphens, e.g. how-to-apply. It is the same in every language."),
        error_messages={"required": _("Write an address."),
                        "invalid": _("Use only lower-case letters, digits and hyphens.")},
    )
    audience = forms.ChoiceField(label=_("Who is the page for?"), choices=Audience.choices, widget=forms.RadioSelect,
                                 error_messages={"required": _("Choose who the page is for.")})
    order = forms.IntegerField(label=_("Position in the list"), min_value=0, max_value=999, initial=100,
                               help_text=_("Lower numbers come first."))

    def clean_slug(self) -> str:
        slug: str = self.cleaned_data["slug"].lower()
        if slug == "versions" or queries.any_page(slug) is not None:  # "versions" is an editor address
            raise forms.ValidationError(_("A page with this address already exists."))
        return slug
