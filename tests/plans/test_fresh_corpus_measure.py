"""The fresh corpora's measure (tests/data/fresh-corpus/measure.py) measures only the bytes the
expectations were written from: the documents live outside the repository, so every file is
checked against the sha256 and the git blob id expected.toml records for it."""

from __future__ import annotations

import hashlib
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

MEASURE = Path(__file__).resolve().parents[1] / "data" / "fresh-corpus" / "measure.py"
PAGE = "<p>第一条 为规范管理，制定本办法。</p>".encode()


def _measure():
    spec = importlib.util.spec_from_file_location("fresh_corpus_measure", MEASURE)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _saved(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "page.html"
    path.write_bytes(data)
    return path


def test_the_blob_id_is_the_one_git_gives_the_file(tmp_path):
    path = _saved(tmp_path, PAGE)
    git = subprocess.run(["git", "hash-object", str(path)], capture_output=True, text=True)

    assert _measure().blob_id(PAGE) == git.stdout.strip()


@pytest.mark.parametrize("recorded", ["blob", "sha256", "both"])
def test_the_bytes_recorded_are_measured(tmp_path, recorded):
    measure = _measure()
    digests = {"blob": measure.blob_id(PAGE), "sha256": hashlib.sha256(PAGE).hexdigest()}
    doc = digests if recorded == "both" else {recorded: digests[recorded]}

    assert measure.verified(_saved(tmp_path, PAGE), doc) == PAGE


@pytest.mark.parametrize("recorded", ["blob", "sha256"])
def test_other_bytes_are_refused_naming_the_digest_that_differs(tmp_path, recorded):
    measure = _measure()
    digests = {"blob": measure.blob_id(PAGE), "sha256": hashlib.sha256(PAGE).hexdigest()}
    changed = _saved(tmp_path, PAGE.replace("规范".encode(), "加强".encode()))

    with pytest.raises(SystemExit, match=f"{recorded} differs"):
        measure.verified(changed, {recorded: digests[recorded]})


def test_a_missing_document_says_where_to_get_it(tmp_path):
    doc = {"repo": "owner/name", "path": "data/page.html", "commit": "0" * 40}

    with pytest.raises(SystemExit, match=f"git show {'0' * 40}:data/page.html.*owner/name"):
        _measure().verified(tmp_path / "page.html", doc)


def test_a_document_without_expectations_is_named_as_not_measured(tmp_path, monkeypatch, capsys):
    measure = _measure()
    documents = tmp_path / "documents"
    documents.mkdir()
    (documents / "page.html").write_bytes(PAGE)
    (documents / "extra.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "expected.toml").write_text(
        '[[document]]\nfile = "page.html"\n'
        f'blob = "{measure.blob_id(PAGE)}"\n'
        'title = ""\njurisdiction = ""\nlevel = ""\nissuers = [""]\ndate = ""\n'
        'headings = [["第一条", ""]]\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(sys, "argv", ["measure.py", str(tmp_path), str(documents)])

    measure.main()

    out = capsys.readouterr().out
    assert "1 documents counted" in out
    assert "not measured, no expectations written for: ['extra.pdf']" in out
