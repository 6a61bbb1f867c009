"""Forms about persons: shaping input for people.actions, which holds the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hemvag.people.models import IdentityAccessGrant, Person


class IdentityAccessForm(forms.Form):
    """A manager's grant: which protected person, which counsellor, and why."""

    person = forms.ModelChoiceField(label=_("Person with a protected identity"), queryset=Person.objects.none())
    user = forms.ModelChoiceField(label=_("Counsellor who may see the identity"), queryset=Person.objects.none())
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}),
                             max_length=IdentityAccessGrant._meta.get_field("reason").max_length)

    def __init__(self, *args: Any, persons: list[Person], counsellors: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        person_field = self.fields["person"]
        assert isinstance(person_field, forms.ModelChoiceField)
        person_field.queryset = Person.objects.filter(pk__in=[p.pk for p in persons])
        # A manager sees the person masked too: they choose by position in the household, not by name.
        person_field.label_from_instance = lambda person: _("Protected person %(number)s") % {
            "number": [p.pk for p in persons].index(person.pk) + 1}
        user_field = self.fields["user"]
        assert isinstance(user_field, forms.ModelChoiceField)
        user_field.queryset = counsellors
        user_field.label_from_instance = lambda user: user.get_full_name() or user.get_username()
