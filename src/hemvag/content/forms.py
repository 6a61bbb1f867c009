from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hemvag.content.markup import unknown_placeholders
from hemvag.content.models import Audience, Page
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
    demo_translation = forms.BooleanField(
        label=_("This is a demo translation, not checked by a translator"), required=False
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
        return cls(initial={"title": version.title, "summary": version.summary, "body": version.body,
                            "demo_translation": version.demo_translation})


CONSENT_METHODS = (
    ("in_person", _("Orally, in a meeting")),
    ("phone", _("Orally, by phone")),
    ("in_writing", _("In writing")),
)
DOCUMENTED_BY = _("documented by")
REFERRAL_CONSENT = _(
    "The resident has agreed that the city's voluntary-return unit receives these details and contacts them."
)


class ReferralForm(AccessibleErrorsMixin, forms.Form):
    """A colleague refers a resident, with the resident's documented consent. Every field is size-limited."""

    unit = forms.ModelChoiceField(
        label=_("Voluntary-return unit"), queryset=None, empty_label=None, widget=forms.RadioSelect,
        error_messages={"required": _("Choose the unit."), "invalid_choice": _("Choose the unit.")},
    )
    name = forms.CharField(label=_("The resident's name or alias"), max_length=100,
                           error_messages={"required": _("Write a name or an alias.")})
    contact = forms.CharField(
        label=_("How the resident can be reached"), max_length=200,
        help_text=_("Phone number or e-mail address, and when it suits them."),
        error_messages={"required": _("Write how the counsellor can reach the resident.")},
    )
    language = forms.CharField(label=_("Language the resident wants to speak"), max_length=50,
                               error_messages={"required": _("Write a language.")})
    interpreter_needed = forms.BooleanField(label=_("The resident needs an interpreter"), required=False)
    message = forms.CharField(
        label=_("Message to the counsellor"), max_length=1000, required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only what the resident agreed to share. No health details."),
    )
    consent_given = forms.BooleanField(
        label=REFERRAL_CONSENT,
        error_messages={"required": _("You can only refer a resident who has consented.")},
    )
    consent_method = forms.ChoiceField(
        label=_("How was consent given?"), choices=CONSENT_METHODS, widget=forms.RadioSelect,
        error_messages={"required": _("Choose how consent was given."),
                        "invalid_choice": _("Choose how consent was given.")},
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = units
        field.label_from_instance = lambda unit: f"{unit.name}, {unit.municipality.name}"  # type: ignore[method-assign]
        if units.count() == 1:
            field.initial = units.first().pk

    def consent_text(self, actor_label: str) -> str:
        """What is stored with the case: the statement the staff member confirmed, how, and who documented it."""
        method = dict(CONSENT_METHODS)[self.cleaned_data["consent_method"]]
        return f"{REFERRAL_CONSENT} ({method}; {DOCUMENTED_BY} {actor_label})"


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
        if slug == "versions" or Page.objects.filter(slug=slug).exists():  # "versions" is an editor address
            raise forms.ValidationError(_("A page with this address already exists."))
        return slug
