"""A document of the steering repository's shared/ is found in whichever corpus folder holds
it, and one missing from it is named with what to set."""

from __future__ import annotations

import pytest

from tests.shared import shared_document


def test_a_document_shared_lacks_is_named_with_what_to_set(settings, tmp_path):
    settings.SHARED_DIR = tmp_path

    with pytest.raises(FileNotFoundError, match="anhui-rcep.*DUIZHAO_SHARED_DIR"):
        shared_document("anhui-rcep-opinion-2022.txt")


def test_a_document_is_found_in_whichever_corpus_folder_holds_it(settings, tmp_path):
    (tmp_path / "corpus" / "task-tables").mkdir(parents=True)
    (tmp_path / "corpus" / "task-tables" / "page.html").write_text("<p>x</p>")
    settings.SHARED_DIR = tmp_path

    assert shared_document("page.html") == tmp_path / "corpus" / "task-tables" / "page.html"
