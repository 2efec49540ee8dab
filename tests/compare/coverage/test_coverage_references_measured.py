"""The coverage report measured against the hand-judged references (tests/data/coverage-
references): the *dev* references (旺苍, 山西; 包头, dev since round 6; 福建, dev since round 7)
the verdict rules were developed on, and the held-out ones they were never fitted on (山东, 江西
and 广东, whose plans are imported from docs/ and are shown by their figures alone). Measured as
production runs it, with the engine's meaning candidates and the sections' sentence vectors on.
``pytest -s`` prints the figures and every disagreement."""

from __future__ import annotations

import pytest

from compare.runs.aligning import run_alignment
from plans.models import Plan
from tests.compare.coverage.references import check_module
from tests.moduledata import kept_for_the_module

# A measurement against readings done by hand, not a rule of the code: `-m quality` selects it.
pytestmark = pytest.mark.quality
DEV = ("national-2022__wangcang-2023.tsv", "national-2022__shanxi-2023.tsv")
BAOTOU = "national-2022__baotou-2022.tsv"  # held out until round 6, dev since
FUJIAN = "national-2022__fujian-2022.tsv"  # held out until round 7, dev since
# Held out from everyone who works on the rules: their lower plans are no seeds, and their items are
# never printed here, only their figures, so a run with -s does not show what the report got wrong.
UNSEEN = (
    "national-2022__shandong-2023.tsv",
    "national-2022__jiangxi-2023.tsv",
    "national-2022__guangdong-2023.tsv",
)


@pytest.fixture(scope="module")
def figures(_session_seeds, django_db_blocker):
    from django.conf import settings

    check = check_module()
    was, settings.ALIGN_BY_MEANING = settings.ALIGN_BY_MEANING, True
    try:
        with kept_for_the_module(django_db_blocker):
            check.import_documents()
            # Each pair aligned alone, as the coverage page aligns a pair it has never seen.
            for upper, lower in check.PAIRS.values():
                run_alignment([Plan.objects.get(slug=upper), Plan.objects.get(slug=lower)])
            yield {name: check.measure(name) for name in check.PAIRS}
    finally:
        settings.ALIGN_BY_MEANING = was


def _show(name: str, found: dict, *, items: bool = True) -> None:
    # None when the reference judges no item 部分落实 or 未体现 (广东 takes up all 32).
    recall = "n/a" if found["recall_gaps"] is None else f"{found['recall_gaps']:.2f}"
    print(
        f"\n{name}: agreement {found['agreement']:.2f}, 已落实 precision "
        f"{found['precision_covered'] or 0:.2f} (of {found['said_covered']}), 部分+未体现 recall "
        f"{recall} (of {found['gaps']}), evidence right: any link "
        f"{found['evidence_any_link_right'] or 0:.2f}, named first "
        f"{found['evidence_named_right'] or 0:.2f} (of {found['covered_in_both']})"
    )
    for line in found["disagreements"] if items else ():
        print(f"  {line}")


@pytest.mark.django_db
def test_the_dev_references_reach_the_figures_the_rules_were_developed_to(figures, capsys):
    with capsys.disabled():
        for name in DEV:
            _show(name, figures[name])
    for name, agreement, named in zip(DEV, (0.84, 0.90), (0.90, 0.90), strict=True):
        found = figures[name]
        assert found["precision_covered"] >= 0.95, name
        assert found["recall_gaps"] >= 0.80, name
        # What the rules reach today (the issue asks 0.85): 旺苍 28/32, 山西 29/32, the same
        # whatever else the catalogue holds, since the verdicts read the pair's own alignment
        # (round 5; with the stored links 旺苍 was 27/32, or 26/32 once 福建 was imported).
        # duizhao-align-8 (alignment round 11): 旺苍 26/32, as its links to 智慧监管 (第五节, a
        # heading without text) and 提升辅助决策能力 (3.智慧人大, the words in a list) are the same
        # but less likely (0.85 → 0.79, 0.80 → 0.76: read as weak). Round 9 read both -7 verdicts
        # as named by sections the reference does not name, and found no reason beyond these
        # items to move the band (the engine's calibrated 很可能对应; README, round 9).
        # duizhao-align-9 (round 12, the sibling contrast): 旺苍 27/32, 智慧监管 covered again,
        # 提升辅助决策能力 still read as weak.
        assert found["agreement"] >= agreement, name
        # The section named first holds the sentence quoted (the issue asks 0.90; 山西 0.88 before
        # round 6 quoted a task's text before a box's project; 0.92 before duizhao-align-8,
        # 0.88 with it, 23/26, a heading without text named before the section inside it that
        # carries the item; 24/26 again since round 9 names that section; 旺苍 1.00, 19/19).
        assert found["evidence_named_right"] >= named, name


@pytest.mark.django_db
def test_the_baotou_reference_is_measured_apart(figures, capsys):
    found = figures[BAOTOU]
    with capsys.disabled():
        _show(f"{BAOTOU} (dev since round 6)", found)
    assert found["items_counted_by_report"] == found["items_in_reference"]
    # The costly error stays rare (held out until round 6, dev since).
    assert found["precision_covered"] >= 0.95
    # What round 7 reaches (the issue asks 0.85 and 0.90): 20/32 (19/32 in round 6; measure 85's
    # sentence holding 自主可控 now covers 提高自主可控水平), and 11 of 12 named first.
    assert found["agreement"] >= 0.62
    assert found["evidence_named_right"] >= 0.90


@pytest.mark.django_db
def test_the_fujian_reference_is_measured_apart(figures, capsys):
    found = figures[FUJIAN]
    with capsys.disabled():
        _show(f"{FUJIAN} (dev since round 7)", found)
    assert found["items_counted_by_report"] == found["items_in_reference"]
    assert found["precision_covered"] >= 0.95
    assert found["recall_gaps"] >= 0.80
    # What round 7 reaches (the issue asks 0.85): 26/32 (23/32 while it was held out), with
    # 提升行政监督水平 covered by a sentence holding its term, 健全标准规范 and 健全推进机制 judged
    # by link and meaning since 标准规范 and 机制 stand everywhere in the plan; named first 25/25.
    # duizhao-align-8 (alignment round 11): 25/32, 积极推动数字化治理模式创新 linked less likely
    # (0.87 → 0.75, read as weak: the section carries part of an item the reference sums from
    # two, README round 9); named first 24/24. duizhao-align-9 (round 12): 26/32 again.
    assert found["agreement"] >= 0.81
    assert found["evidence_named_right"] >= 0.90


@pytest.mark.django_db
def test_the_unseen_references_are_measured_by_their_figures_alone(figures, capsys):
    for name in UNSEEN:
        found = figures[name]
        with capsys.disabled():
            _show(f"{name} (held out, figures only)", found, items=False)
        assert found["items_counted_by_report"] == found["items_in_reference"], name
