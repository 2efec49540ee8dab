"""The one error of an import: what to fix, and which option would fix it."""

from __future__ import annotations


class PlanImportError(ValueError):
    """A document that cannot be imported as asked; the message (a Message) says what to fix.

    ``option`` names the import option that would fix it (replace, jurisdiction, level...), so a
    form can put the message beside that field.
    """

    def __init__(self, message: str, *, option: str = "") -> None:
        super().__init__(message)
        self.option = option
