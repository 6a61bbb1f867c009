"""The matters forms. Limits and rules live in the actions (dates, formats, four eyes); the forms turn text
into what the actions take and put the actions' ValidationErrors back beside the fields."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hemvag.core.forms import AccessibleErrorsMixin, DateInput
from hemvag.matters.actions import SECTIONS
from hemvag.matters.models import Kind, Position, StatementVersion

MAX_TEXT = 20_000  # one section of a statement; the seeds' longest is about 3,000 characters


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class MatterForm(AccessibleErrorsMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None, empty_label=None)
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    title = forms.CharField(label=_("Title (ärendemening)"), max_length=400,
                            error_messages={"required": _("Give the matter's title.")})
    sender = forms.CharField(label=_("Sender"), max_length=200, required=False,
                             help_text=_("For example Kommunstyrelsen."))
    sender_reference = forms.CharField(label=_("Sender's diary number"), max_length=60, required=False,
                                       help_text=_("As the sender writes it, for example KS 2023/1387."))
    received_on = forms.DateField(label=_("Received"), widget=DateInput,
                                  error_messages={"required": _("Give the day it was received.")})
    answer_by = forms.DateField(label=_("Answer by (svar senast)"), widget=DateInput, required=False)
    motion_number = forms.CharField(label=_("Motion number"), max_length=40, required=False,
                                    help_text=_("For example 2017:40."))
    motion_made_on = forms.DateField(label=_("Motion made on"), widget=DateInput, required=False,
                                     help_text=_("A motion should be decided within a year of being made "
                                                 "(kommunallagen 5 kap. 35 §)."))
    authors = forms.CharField(label=_("The motion's authors"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 2}),
                              help_text=_("One a line, with the party in brackets: Gabriel Kroon (SD)."))
    consulted_elsewhere = forms.CharField(label=_("Other bodies consulted"), required=False, max_length=2000,
                                          widget=forms.Textarea(attrs={"rows": 2}))
    handler = forms.ModelChoiceField(label=_("Official (handläggare)"), queryset=None, required=False)

    def __init__(self, *args: Any, units: Any, officials: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["handler"].queryset = officials  # type: ignore[attr-defined]

    def clean_authors(self) -> list[dict[str, str]]:
        authors = []
        for line in _lines(self.cleaned_data.get("authors", "")):
            match = re.fullmatch(r"(.+?)\s*\(([^)]+)\)", line)
            authors.append({"name": match[1], "party": match[2]} if match else {"name": line, "party": ""})
        return authors


class DraftForm(AccessibleErrorsMixin, forms.Form):
    proposal = forms.CharField(label=_("The office's proposed decision (Förvaltningens förslag till beslut)"),
                               widget=forms.Textarea(attrs={"rows": 3}), max_length=MAX_TEXT,
                               help_text=_("One numbered point a line."),
                               error_messages={"required": _("Write the proposed decision.")})
    summary = forms.CharField(label=_("Summary (Sammanfattning)"), widget=forms.Textarea(attrs={"rows": 6}),
                              max_length=MAX_TEXT, required=False)
    background = forms.CharField(label=_("Background (Bakgrund)"), widget=forms.Textarea(attrs={"rows": 6}),
                                 max_length=MAX_TEXT, required=False)
    matter_text = forms.CharField(label=_("The matter (Ärendet)"), widget=forms.Textarea(attrs={"rows": 8}),
                                  max_length=MAX_TEXT, required=False)
    preparation = forms.CharField(label=_("Preparation (Ärendets beredning)"),
                                  widget=forms.Textarea(attrs={"rows": 3}), max_length=MAX_TEXT, required=False,
                                  help_text=_("Which groups and councils treated it, and when."))
    views = forms.CharField(label=_("The office's views and proposals (Förvaltningens synpunkter och förslag)"),
                            widget=forms.Textarea(attrs={"rows": 10}), max_length=MAX_TEXT, required=False,
                            help_text=_("A fact added below appears here as [[fakta:1]]; the document shows its "
                                        "sentence in its place."))
    signatures = forms.CharField(label=_("Signatures"), widget=forms.Textarea(attrs={"rows": 2}), required=False,
                                 max_length=2000,
                                 help_text=_("One a line: name; title; organisation."))
    attachments = forms.CharField(label=_("Attachments (Bilagor)"), widget=forms.Textarea(attrs={"rows": 2}),
                                  required=False, max_length=2000, help_text=_("One a line."))

    def content(self) -> dict[str, Any]:
        data = self.cleaned_data
        signatures = []
        for line in _lines(data["signatures"]):
            name, title, organisation = ([*line.split(";"), "", ""])[:3]
            signatures.append({"name": name.strip(), "title": title.strip(), "organisation": organisation.strip()})
        return {"proposal": _lines(data["proposal"]), "signatures": signatures,
                "attachments": _lines(data["attachments"]), **{name: data[name] for name in SECTIONS}}


def draft_initial(version: StatementVersion | None) -> dict[str, Any]:
    if version is None:
        return {}
    return {"proposal": "\n".join(version.proposal), "attachments": "\n".join(version.attachments),
            "signatures": "\n".join("; ".join(s.get(k, "") for k in ("name", "title", "organisation"))
                                    for s in version.signatures),
            **{name: getattr(version, name) for name in SECTIONS}}


class FactForm(AccessibleErrorsMixin, forms.Form):
    key = forms.ChoiceField(label=_("Fact"))
    argument = forms.CharField(label=_("Argument"), required=False, max_length=40)
    section = forms.ChoiceField(label=_("Put it at the end of"), choices=[
        ("views", _("The office's views and proposals")), ("summary", _("Summary")),
        ("background", _("Background")), ("matter_text", _("The matter"))])

    def __init__(self, *args: Any, blocks: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["key"].choices = [(key, block.title) for key, block in blocks.items()]  # type: ignore[attr-defined]
        labels = [str(block.argument_label) for block in blocks.values() if block.argument_label]
        self.fields["argument"].help_text = "; ".join(labels)


REQUIRED = {"required": _("Required.")}


class DecisionForm(AccessibleErrorsMixin, forms.Form):
    """The fields the decision must record (the action says so too, for the API): required here, so the page
    does not call them optional."""

    decided_on = forms.DateField(label=_("Decided on"), widget=DateInput, error_messages=REQUIRED)
    decision_meeting = forms.CharField(label=pgettext_lazy("committee", "Meeting"), max_length=200,
                                       error_messages=REQUIRED,
                                       help_text=_("For example Socialnämnden 16 april 2024."))
    decision_paragraph = forms.CharField(label=_("Paragraph"), max_length=40, required=False,
                                         help_text=_("For example § 7."))
    decision_text = forms.CharField(label=_("Decision"), widget=forms.Textarea(attrs={"rows": 3}),
                                    error_messages=REQUIRED, max_length=5000)


class SentForm(AccessibleErrorsMixin, forms.Form):
    sent_on = forms.DateField(label=_("Sent on"), widget=DateInput, error_messages=REQUIRED)


class BodyForm(AccessibleErrorsMixin, forms.Form):
    name = forms.CharField(label=_("Body"), max_length=200, error_messages={"required": _("Name the body.")})
    deadline = forms.DateField(label=_("Answer by"), widget=DateInput, required=False)


class AnswerForm(AccessibleErrorsMixin, forms.Form):
    position = forms.ChoiceField(label=_("Position"), choices=[("", "–"), *Position.choices], required=False)
    decided_on = forms.DateField(label=_("The body decided on"), widget=DateInput, required=False)
    decision = forms.CharField(label=_("The body's decision (… beslutade att …)"), required=False,
                               max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
                               help_text=_("For example: hänvisa till förvaltningens tjänsteutlåtande som svar "
                                           "på remissen"))
    office = forms.CharField(label=_("Office that wrote the statement"), max_length=200, required=False,
                             help_text=_("For example Arbetsmarknadsförvaltningen."))
    statement_dated = forms.DateField(label=_("The officials' statement dated"), widget=DateInput, required=False)
    wording = forms.CharField(label=_("In the main the following wording"), widget=forms.Textarea(
        attrs={"rows": 8}), required=False, max_length=MAX_TEXT)


class DocumentForm(AccessibleErrorsMixin, forms.Form):
    file = forms.FileField(label=_("Document (the motion, an answer …)"),
                           error_messages={"required": _("Choose the file.")})
