"""Read the seeds catalogue: what documents do not say about themselves.

Pure Python (tomllib). ``read_catalogue(path)`` returns plain dataclasses.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from plans.parsing.text import drop_invisible

CATALOGUE_FILE = "catalogue.toml"
DOCUMENT_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".docx", ".pdf")


class CatalogueError(ValueError):
    """The catalogue file is malformed; the message names the entry to fix."""


@dataclass(frozen=True)
class KnownJurisdiction:
    """What a person says about a place (the catalogue's [jurisdictions.NAME] table)."""

    level: str = ""
    parent: str = ""
    slug: str = ""


@dataclass(frozen=True)
class PlanOverrides:
    """What a person says about a document, in the catalogue, the import form or import_plan's
    options; it wins over what the text implies. The one metadata record of a plan to import."""

    slug: str = ""
    title: str = ""
    jurisdiction: str = ""
    level: str = ""
    parent: str = ""
    era: str = ""
    kind: str = ""
    doc_number: str = ""
    # Who issued it, the lead first; several separated by 、 or commas (联合发文).
    issuer: str = ""
    issued: date | None = None
    interprets: str = ""

    def __post_init__(self) -> None:
        # Typed or pasted from a web page, a value may carry a zero-width space or a soft
        # hyphen: stored, it would look the same and match nothing (an issuer no organ, a
        # place no place of that name).
        for name, value in vars(self).items():
            if isinstance(value, str):
                object.__setattr__(self, name, drop_invisible(value))


@dataclass(frozen=True)
class DocumentEntry:
    """One [[documents]] entry: a file of the seeds folder and what the catalogue says of it."""

    file: str
    overrides: PlanOverrides = PlanOverrides()


@dataclass
class Catalogue:
    jurisdictions: dict[str, KnownJurisdiction] = field(default_factory=dict)
    documents: dict[str, DocumentEntry] = field(default_factory=dict)


_DOCUMENT_KEYS = {"file", *PlanOverrides.__dataclass_fields__}
_JURISDICTION_KEYS = set(KnownJurisdiction.__dataclass_fields__)


def read_catalogue(path: Path) -> Catalogue:
    """Parse ``catalogue.toml``; a missing file is an empty catalogue."""
    if not path.exists():
        return Catalogue()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise CatalogueError(f"{path}: not valid TOML: {exc}") from exc
    catalogue = Catalogue()
    for name, values in raw.get("jurisdictions", {}).items():
        unknown = set(values) - _JURISDICTION_KEYS
        if unknown:
            raise CatalogueError(
                f"{path}: jurisdiction {name!r} has unknown keys {sorted(unknown)}"
            )
        catalogue.jurisdictions[name] = KnownJurisdiction(**values)
    for values in raw.get("documents", []):
        unknown = set(values) - _DOCUMENT_KEYS
        if "file" not in values or unknown:
            raise CatalogueError(
                f"{path}: document entry {values!r} needs 'file' and only keys "
                f"{sorted(_DOCUMENT_KEYS)}"
            )
        values = dict(values)
        file = values.pop("file")
        if isinstance(values.get("issued"), str):
            values["issued"] = date.fromisoformat(values["issued"])
        catalogue.documents[file] = DocumentEntry(file=file, overrides=PlanOverrides(**values))
    return catalogue


def seed_files(folder: Path, catalogue: Catalogue) -> list[Path]:
    """Documents in ``folder``: catalogue order first (so interpreted plans come before their
    interpretations), then any other document files by name."""
    listed = [folder / name for name in catalogue.documents]
    missing = [p.name for p in listed if not p.exists()]
    if missing:
        raise CatalogueError(f"{folder / CATALOGUE_FILE}: listed files not found: {missing}")
    others = sorted(
        p
        for p in folder.iterdir()
        if p.suffix in DOCUMENT_SUFFIXES
        and p.name not in catalogue.documents
        and not p.name.upper().startswith(("README", "CORPUS-README"))
    )
    # Interpretations point at other plans: import them last.
    interpretations = [p for p in listed if catalogue.documents[p.name].overrides.interprets]
    plans = [p for p in listed if p not in interpretations]
    return plans + others + interpretations
