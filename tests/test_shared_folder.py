"""The steering repository's shared/ is found beside the checkout, from a git worktree kept
elsewhere too, and a document missing from it is named with what to set."""

from __future__ import annotations

from pathlib import Path

import pytest

from config.settings import beside_checkout
from tests.shared import shared_document


def _worktree_elsewhere(root: Path, relative: bool = False) -> Path:
    """root/main (a checkout, shared/ beside it) and root/trees/wt (a worktree of it)."""
    (root / "main" / ".git" / "worktrees" / "wt").mkdir(parents=True)
    (root / "main" / ".git" / "worktrees" / "wt" / "commondir").write_text("../..\n")
    (root / "shared").mkdir()
    tree = root / "trees" / "wt"
    tree.mkdir(parents=True)
    gitdir = "../../main/.git/worktrees/wt" if relative else root / "main/.git/worktrees/wt"
    (tree / ".git").write_text(f"gitdir: {gitdir}\n")
    return tree


def test_a_checkout_finds_shared_beside_itself(tmp_path):
    (tmp_path / "shared").mkdir()
    (tmp_path / "repo" / ".git").mkdir(parents=True)

    assert beside_checkout("shared", tmp_path / "repo") == tmp_path / "shared"


@pytest.mark.parametrize("relative", [False, True], ids=["absolute gitdir", "relative gitdir"])
def test_a_worktree_kept_elsewhere_finds_shared_beside_the_checkout_it_belongs_to(
    tmp_path, relative
):
    tree = _worktree_elsewhere(tmp_path, relative)

    assert beside_checkout("shared", tree) == tmp_path / "shared"


def test_a_worktree_with_shared_beside_it_keeps_its_own(tmp_path):
    tree = _worktree_elsewhere(tmp_path)
    (tree.parent / "shared").mkdir()

    assert beside_checkout("shared", tree) == tree.parent / "shared"


def test_a_document_shared_lacks_is_named_with_what_to_set(settings, tmp_path):
    settings.SHARED_DIR = tmp_path

    with pytest.raises(FileNotFoundError, match="anhui-rcep.*DUIZHAO_SHARED_DIR"):
        shared_document("anhui-rcep-opinion-2022.txt")


def test_a_document_is_found_in_whichever_corpus_folder_holds_it(settings, tmp_path):
    (tmp_path / "corpus" / "task-tables").mkdir(parents=True)
    (tmp_path / "corpus" / "task-tables" / "page.html").write_text("<p>x</p>")
    settings.SHARED_DIR = tmp_path

    assert shared_document("page.html") == tmp_path / "corpus" / "task-tables" / "page.html"
