"""The seeds catalogue reads into the same metadata record the import form and command fill."""

from __future__ import annotations

from datetime import date

import pytest

from plans.importing import PlanOverrides
from plans.lib.seed_catalogue import CatalogueError, KnownJurisdiction, read_catalogue

CATALOGUE = """
[jurisdictions."旺苍县"]
level = "county"
parent = "广元市"

[[documents]]
file = "wangcang.txt"
slug = "wangcang-2023"
jurisdiction = "旺苍县"
era = "14th"
issued = "2023-06-01"
interprets = "sichuan-2022"
"""


def _read(tmp_path, text: str):
    path = tmp_path / "catalogue.toml"
    path.write_text(text, encoding="utf-8")
    return read_catalogue(path)


def test_a_document_entry_holds_the_overrides_import_plan_takes(tmp_path):
    entry = _read(tmp_path, CATALOGUE).documents["wangcang.txt"]
    assert entry.file == "wangcang.txt"
    assert entry.overrides == PlanOverrides(
        slug="wangcang-2023",
        jurisdiction="旺苍县",
        era="14th",
        issued=date(2023, 6, 1),
        interprets="sichuan-2022",
    )


def test_a_jurisdiction_entry_is_what_import_plan_knows_of_a_place(tmp_path):
    known = _read(tmp_path, CATALOGUE).jurisdictions
    assert known == {"旺苍县": KnownJurisdiction(level="county", parent="广元市")}


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ('[[documents]]\nfile = "a.txt"\nauthor = "x"\n', "'doc_number'"),
        ('[[documents]]\ntitle = "no file"\n', "needs 'file'"),
        ('[jurisdictions."x"]\nlevl = "county"\n', "unknown keys ['levl']"),
    ],
)
def test_a_bad_entry_says_which_keys_are_allowed(tmp_path, text, named):
    with pytest.raises(CatalogueError, match=named.replace("[", r"\[").replace("]", r"\]")):
        _read(tmp_path, text)
