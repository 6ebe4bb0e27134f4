"""The list of what stopped a save, shown above a form with a link to each field."""

from __future__ import annotations

from dataclasses import dataclass

HIDDEN = {"HiddenField", "CSRFTokenField"}


@dataclass(frozen=True)
class FieldError:
    """One problem: the id of the control to focus ("" when none), its label, the message."""

    target: str
    label: str
    message: str


def _target(field) -> str:
    if field.type in HIDDEN:
        return ""
    if field.type == "MultiCheckboxField":
        return f"{field.id}-0"  # the group's first box (the fieldset cannot take focus)
    return field.id


def error_summary(form, extra: list[FieldError] | None = None) -> list[FieldError]:
    """Every field error of ``form`` (in the form's order), then ``extra`` (errors of controls
    outside the form class, such as the first photo)."""
    found = [FieldError(_target(field), "" if field.type in HIDDEN else str(field.label.text),
                        str(message))
             for field in form for message in field.errors]
    return found + list(extra or [])
