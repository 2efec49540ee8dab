"""Every document of the second fresh corpus (tests/data/fresh-corpus-2) imports without options.

Only the import is asserted. How right the metadata and the outline come out is measured by
tests/data/fresh-corpus/measure.py and reported in that corpus's README; it is not asserted here.
Every one of them imports (深圳 研发, refused until branch import3 for want of a jurisdiction,
included).
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from plans.importing import import_plan
from plans.models import Section

CORPUS = Path(__file__).resolve().parents[1] / "data" / "fresh-corpus-2"
EXPECTED = tomllib.loads((CORPUS / "expected.toml").read_text(encoding="utf-8"))["document"]
DOCUMENTS = [doc["file"] for doc in EXPECTED]


def test_every_document_in_the_corpus_folder_has_its_expectations_written():
    on_disk = sorted(path.name for path in CORPUS.iterdir() if path.suffix in {".pdf", ".html"})
    assert on_disk == sorted(DOCUMENTS)


@pytest.mark.django_db
@pytest.mark.parametrize("name", DOCUMENTS)
def test_each_document_imports_with_a_title_and_sections(name):
    plan = import_plan(data=(CORPUS / name).read_bytes(), source=name).plan
    assert plan.pk is not None
    assert plan.title.strip()
    assert Section.objects.for_plan(plan).exists()
