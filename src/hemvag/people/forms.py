"""Forms about persons: shaping input for people.actions, which holds the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hemvag.core.forms import DateInput
from hemvag.people import queries
from hemvag.people.identity import InvalidIdentityNumber, parse_identity_number
from hemvag.people.models import IdentityAccessGrant, LegalSex, Person, Relation


class IdentityAccessForm(forms.Form):
    """A manager's grant: which protected person, which counsellor, and why."""

    person = forms.ModelChoiceField(label=_("Person with a protected identity"), queryset=None)
    user = forms.ModelChoiceField(label=_("Counsellor who may see the identity"), queryset=None)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}),
                             max_length=IdentityAccessGrant._meta.get_field("reason").max_length)

    def __init__(self, *args: Any, persons: list[Person], counsellors: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        person_field = self.fields["person"]
        assert isinstance(person_field, forms.ModelChoiceField)
        person_field.queryset = queries.persons_among(persons)
        # A manager sees the person masked too: they choose by position in the household, not by name.
        person_field.label_from_instance = lambda person: _("Protected person %(number)s") % {
            "number": [p.pk for p in persons].index(person.pk) + 1}
        user_field = self.fields["user"]
        assert isinstance(user_field, forms.ModelChoiceField)
        user_field.queryset = counsellors
        user_field.label_from_instance = lambda user: user.get_full_name() or user.get_username()


class PersonForm(forms.Form):
    """A person's details, as a counsellor registers them (a new case's main person, a household member)."""

    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100, required=False)
    identity_number = forms.CharField(
        label=_("Personal identity or coordination number"), required=False, max_length=20,
        help_text=_("For example 19811228-9874. Leave empty if the person has none, and give the date of birth."),
    )
    birth_date = forms.DateField(label=_("Date of birth"), required=False, widget=DateInput)
    # Asked, never worked out from the identity number: the register's legal sex is what statistics count.
    sex = forms.ChoiceField(
        label=_("Legal sex"), required=False, initial="", widget=forms.RadioSelect,
        choices=[("", _("Unknown / not registered")), *LegalSex.choices],
        help_text=Person._meta.get_field("sex").help_text,
    )
    protected_identity = forms.BooleanField(label=_("Protected identity (skyddade personuppgifter)"), required=False)
    languages = forms.CharField(label=_("Languages"), required=False, max_length=120)
    interpreter_needed = forms.BooleanField(label=_("Needs an interpreter"), required=False)
    interpreter_language = forms.CharField(label=_("Interpreter language"), required=False, max_length=60)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=40)
    email = forms.EmailField(label=_("E-mail"), required=False)
    address = forms.CharField(label=_("Address"), required=False, max_length=200)

    def clean_identity_number(self) -> str:
        raw = self.cleaned_data.get("identity_number", "")
        if raw:
            try:
                parse_identity_number(raw)
            except InvalidIdentityNumber as error:
                raise forms.ValidationError(str(error)) from None
        return raw

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("identity_number") and not data.get("birth_date") and not self.errors:
            self.add_error("birth_date", _("Give the identity number or, if there is none, the date of birth."))
        return data


class MemberForm(PersonForm):
    """A person who joins a household, and how they are related to its main person."""

    relation = forms.ChoiceField(label=_("Relation to the main person"),
                                 choices=[c for c in Relation.choices if c[0] != Relation.MAIN_APPLICANT])
    lives_with_main_person = forms.NullBooleanField(
        label=_("Lives with the main person"), required=False,
        widget=forms.Select(choices=[("unknown", _("Not known")), ("true", _("Yes")), ("false", _("No"))]),
    )
