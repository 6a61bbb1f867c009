from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from hemvag.core.queries import LogFilter


class AccessibleErrorsMixin(forms.Form):
    """A form whose invalid fields say so to assistive technology: aria-invalid, and the error message joined
    to the field's description (the hint stays in it), as the GOV.UK error pattern does. For staff and resident
    forms alike; the shared templates includes/field.html and includes/error_summary.html render them."""

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name not in self.fields:
                continue
            field = self.fields[name]
            widget_id = self.auto_id % self.add_prefix(name) if isinstance(self.auto_id, str) else name
            described = [f"{widget_id}_helptext"] if field.help_text else []
            if not field.widget.use_fieldset:  # a radio group's fieldset carries its own description
                described.append(f"{widget_id}_error")
                field.widget.attrs["aria-describedby"] = " ".join(described)
            field.widget.attrs["aria-invalid"] = "true"


def add_action_errors(form: forms.Form, error: Any) -> None:
    """An action's ValidationError on a form: each message beside its field, the rest above the form. The
    actions hold the rules; the pages only show what they say."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "The user name or password is wrong. Check both and try again. "
            "After 5 failed attempts, signing in is blocked for one hour."
        ),
        "inactive": _("This account is switched off. Ask your administrator."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Autofocus would jump past the skip link and the page's heading for screen-reader users.
        self.fields["username"].widget.attrs.pop("autofocus", None)


class DateInput(forms.DateInput):
    input_type = "date"


class LogFilterForm(forms.Form):
    user = forms.CharField(label=_("User"), required=False, max_length=150)
    date_from = forms.DateField(label=_("From date"), required=False, widget=DateInput)
    date_to = forms.DateField(label=_("To date"), required=False, widget=DateInput)
    object_type = forms.CharField(label=_("Record type"), required=False, max_length=64)
    object_id = forms.CharField(label=_("Record id"), required=False, max_length=64)

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end date must be on or after the start date."))
        return data

    def to_filter(self) -> LogFilter:
        data = self.cleaned_data if self.is_valid() else {}
        return LogFilter(**{key: value for key, value in data.items() if value not in (None, "")})


class AuditFilterForm(LogFilterForm):
    verb = forms.CharField(
        label=_("Event"), required=False, max_length=64, help_text=_("For example user.created or auth.login.")
    )


class AccessFilterForm(LogFilterForm):
    person_id = forms.CharField(label=_("Person id"), required=False, max_length=64)


class SecondFactorForm(AccessibleErrorsMixin, forms.Form):
    code = forms.CharField(
        label=_("Code from your authenticator app"), max_length=12, strip=True,
        help_text=_("Six digits. The code changes every 30 seconds."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    @staticmethod
    def wrong_code() -> str:
        return str(_("The code is wrong or has expired. Type the code your app shows now. After 5 failed attempts, "
                     "signing in is blocked for one hour."))
