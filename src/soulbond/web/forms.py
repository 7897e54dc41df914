"""What a form sent, checked field by field: each refusal is kept under the field that caused it.

The limits are the API's (``soulbond.service.lengths``), so a page refuses
exactly what the API would, and says which field was wrong.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from starlette.datastructures import UploadFile
from starlette.requests import Request

from soulbond.core.errors import SoulbondError
from soulbond.http import problems
from soulbond.service import lengths

FORM = "form"
"""The key of an error about the whole form rather than one field: shown above the form."""


@dataclass
class Submitted:
    values: dict[str, str]
    files: dict[str, UploadFile] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    status: int = 422
    """The status of the page that shows the refusals: 422 for bad fields, the API's for a use case's."""

    @property
    def ok(self) -> bool:
        return not self.errors

    def text(self, name: str, label: str, *, required: bool = False, limit: int = lengths.WRITTEN) -> str:
        """A text field, refused (under its name) when missing, too long or unstorable."""
        value = self.values.get(name, "")
        if required and not value.strip():
            self.errors[name] = f"{label} is required"
        elif len(value) > limit:
            self.errors[name] = f"{label} is {len(value):,} characters long; at most {limit:,} are allowed"
        elif (bad := lengths.unsafe_character(value)) is not None:
            self.errors[name] = f"{label} contains {bad}, which cannot be stored"
        return value

    def number(self, name: str, label: str) -> int:
        value = self.values.get(name, "").strip()
        if not value.isdigit() or not 1 <= int(value) <= lengths.CASE_NUMBER:
            self.errors[name] = f"{label} must be a whole number from 1"
            return 0
        return int(value)

    def choice(self, name: str, label: str, allowed: tuple[str, ...]) -> str:
        value = self.values.get(name, "")
        if value not in allowed:
            self.errors[name] = f"choose {label}: one of {', '.join(allowed)}"
        return value

    def item(self) -> str:
        """The item a one-item form acts on (keep, discard, lose...): its errors show beside it."""
        return self.text("item", "Which thing", required=True, limit=lengths.ID)

    def beside(self, items: Iterable[str]) -> Submitted:
        """Errors about an item the page does not list move to the top of the page, so none is lost."""
        shown = {f"item:{item}" for item in items}
        for key in [k for k in self.errors if k.startswith("item:") and k not in shown]:
            message = self.errors.pop(key)
            self.errors.setdefault(FORM, message)
        return self

    def ticked(self, name: str) -> bool:
        return self.values.get(name, "") in ("on", "yes", "true", "1")

    def refuse(self, exc: SoulbondError, at: str = FORM) -> None:
        """A refusal from a use case: its public message, which the privacy gate already let through."""
        self.errors[at] = exc.public_message
        self.status = problems.status_of(exc)


async def read_form(request: Request) -> Submitted:
    """The form as sent (starlette parses it once and keeps it for the page that reads it next)."""
    form = await request.form()
    # Kept so that the page's guard closes any uploaded files once the answer is sent.
    request.state.form_data = form
    values: dict[str, str] = {}
    files: dict[str, UploadFile] = {}
    for key, value in form.multi_items():
        if isinstance(value, UploadFile):
            files[key] = value
        else:
            values[key] = value
    return Submitted(values, files)
