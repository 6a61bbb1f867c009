"""Forms whose invalid fields say so to assistive technology: aria-invalid, and the error message joined to the
field's description (the hint stays in it), as the GOV.UK error pattern does."""

from __future__ import annotations

from django import forms


class AccessibleErrorsMixin(forms.Form):
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
