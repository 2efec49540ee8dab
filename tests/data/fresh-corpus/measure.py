"""Import a fresh corpus and count what comes out right against its expected.toml.

Run from the repository root:
``.venv/bin/python tests/data/fresh-corpus/measure.py [FOLDER [DOCUMENTS]]``
(FOLDER holds expected.toml, this folder when none is given; DOCUMENTS holds the documents, which
are kept outside the repository, FOLDER when none is given). A document whose bytes do not hash
to the sha256 or the git blob id (``git hash-object``) its expectations record is refused before
anything is measured.
Prints one line per document, naming what is wrong, the totals, and any file in DOCUMENTS that
has no expectations. A document the importer
refuses counts as wrong on every field and every heading.
"""

from __future__ import annotations

import hashlib
import sys
import tomllib
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

from plans.parsing import PlanParseError, parse_plan  # noqa: E402

FIELDS = ("title", "jurisdiction", "level", "issuer", "date")
# What sits beside the documents when FOLDER holds them too.
_NOT_DOCUMENTS = {".md", ".toml", ".py"}


def _norm(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def _caption(title: str) -> str:
    # A caption printed in 【】 (第一条 【宗旨】) is the same title as the bare 宗旨.
    if title.startswith("【") and title.endswith("】"):
        return title[1:-1]
    return title


def _found(expected: list[str], sections) -> bool:
    label, title = (_norm(part) for part in expected)
    for section in sections:
        if _norm(section.label) != label:
            continue
        if not title or _caption(_norm(section.title)).startswith(title[:8]):
            return True
    return False


def _got(meta, field: str) -> str:
    if field == "issuer":
        return meta.issuer
    if field == "date":
        return meta.issued.isoformat() if meta.issued else ""
    return getattr(meta, field)


def blob_id(data: bytes) -> str:
    """The id git gives the bytes as a blob (``git hash-object FILE``)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def verified(path: Path, doc: dict) -> bytes:
    """The document's bytes, once they hash to every digest its expectations record."""
    if not path.is_file():
        sys.exit(
            f"{path}: missing. The documents are kept outside the repository: get this one with "
            f"`git show {doc.get('commit', 'COMMIT')}:{doc.get('path', 'PATH')}` from a snapshot "
            f"of {doc.get('repo', 'its repository')} and pass its folder as DOCUMENTS"
        )
    data = path.read_bytes()
    got = {"sha256": hashlib.sha256(data).hexdigest(), "blob": blob_id(data)}
    for digest in ("sha256", "blob"):
        if digest in doc and got[digest] != doc[digest]:
            sys.exit(f"{path}: not the bytes its expectations were written from ({digest} differs)")
    return data


def main() -> None:
    folder = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else HERE
    documents = Path(sys.argv[2]).resolve() if len(sys.argv) > 2 else folder
    expected = tomllib.loads((folder / "expected.toml").read_text(encoding="utf-8"))["document"]
    right = dict.fromkeys(FIELDS, 0)
    counted = imported = headings = headings_found = 0
    placeless = []
    for doc in expected:
        path = documents / doc["file"]
        data = verified(path, doc)
        want = {**doc, "issuer": doc["issuers"][0]}
        try:
            plan = parse_plan(data, filename=path.name)
        except PlanParseError as error:
            counted += 1
            headings += len(doc["headings"])
            print(f"{doc['file']}: REFUSED {error}")
            continue
        counted += 1
        imported += 1
        wrong = []
        for field in FIELDS:
            got = _got(plan.metadata, field)
            if _norm(got) == _norm(want[field]):
                right[field] += 1
            else:
                wrong.append(f"{field}={got!r}")
        if not plan.metadata.jurisdiction:
            # import_plan refuses a document without a jurisdiction unless one is passed.
            placeless.append(doc["file"])
        found = sum(_found(h, plan.sections) for h in doc["headings"])
        headings += len(doc["headings"])
        headings_found += found
        missing = ["".join(h) for h in doc["headings"] if not _found(h, plan.sections)]
        print(
            f"{doc['file']}: headings {found}/{len(doc['headings'])}"
            + (f"; wrong {', '.join(wrong)}" if wrong else "")
            + (f"; missing {missing}" if missing else "")
        )
    print(f"\n{counted} documents counted, {imported} imported")
    listed = {doc["file"] for doc in expected}
    unlisted = sorted(
        p.name
        for p in documents.iterdir()
        if p.is_file() and p.name not in listed and p.suffix not in _NOT_DOCUMENTS
    )
    if unlisted:
        print(f"not measured, no expectations written for: {unlisted}")
    if placeless:
        print(f"of them read with no jurisdiction (refused by a plain import): {placeless}")
    for field in FIELDS:
        print(f"{field:13} {right[field]}/{counted}")
    print(f"{'headings':13} {headings_found}/{headings}")


if __name__ == "__main__":
    main()
