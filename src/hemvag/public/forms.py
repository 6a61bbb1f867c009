"""The contact request form. Every field has a size limit; one field is a honeypot for bots."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from hemvag.core.forms import AccessibleErrorsMixin
from hemvag.core.models import Unit

NAME_MAX, CONTACT_MAX, MESSAGE_MAX = 100, 200, 1000
HONEYPOT = "website"
CONSENT_TEXT = _(
    "I agree that the city stores my request and the details I give here, so that a counsellor can contact me. "
    "Only the voluntary-return unit reads them. The request is deleted when it is no longer needed. "
    "I can withdraw my consent at any time."
)
INTERPRETER = (("no", _("No")), ("yes", _("Yes")))


def language_choices() -> list[tuple[str, str]]:
    choices = [(code, get_language_info(code)["name_local"].capitalize()) for code, _name in settings.LANGUAGES]
    return [*choices, ("other", str(_("Another language (write it in the message)")))]


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name}, {obj.municipality.name}"


class ContactRequestForm(AccessibleErrorsMixin, forms.Form):
    unit = UnitChoiceField(
        label=_("Which city's counsellors do you want to meet?"), queryset=Unit.objects.none(),
        widget=forms.RadioSelect, empty_label=None,
        error_messages={"required": _("Choose where you want to meet."),
                        "invalid_choice": _("Choose where you want to meet.")},
    )
    name = forms.CharField(
        label=_("Your name"), max_length=NAME_MAX,
        help_text=_("You can use a first name or another name we can call you."),
        error_messages={"required": _("Write a name we can call you."),
                        "max_length": _("Write at most %(limit_value)d characters.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    contact = forms.CharField(
        label=_("How can we reach you?"), max_length=CONTACT_MAX,
        help_text=_("A phone number or an e-mail address, and when it suits you best."),
        error_messages={"required": _("Write a phone number or an e-mail address."),
                        "max_length": _("Write at most %(limit_value)d characters.")},
    )
    language = forms.ChoiceField(
        label=_("Which language do you want to speak?"), choices=language_choices,
        error_messages={"required": _("Choose a language."), "invalid_choice": _("Choose a language.")},
    )
    interpreter_needed = forms.ChoiceField(
        label=_("Do you need an interpreter?"), choices=INTERPRETER, widget=forms.RadioSelect,
        help_text=_("The interpreter is free of charge and bound by secrecy."),
        error_messages={"required": _("Answer yes or no."), "invalid_choice": _("Answer yes or no.")},
    )
    message = forms.CharField(
        label=_("Anything you want us to know before the meeting?"), max_length=MESSAGE_MAX, required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("You do not have to write anything. Do not write about your health or other sensitive things."),
        error_messages={"max_length": _("Write at most %(limit_value)d characters.")},
    )
    consent = forms.BooleanField(
        label=CONSENT_TEXT, error_messages={"required": _("Tick the box to agree, or we cannot store your request.")}
    )
    # Hidden from people by CSS and from keyboards by tabindex; bots fill every field they find.
    website = forms.CharField(
        label=_("Leave this field empty"), required=False, max_length=200,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = units
        if units.count() == 1:
            field.initial = units.first().pk

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get(HONEYPOT))
