"""Storing alignments: runs, auto links, and human decisions that survive re-runs."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from compare.curating import add_manual_link, reject_link
from compare.models import AlignmentRun, LinkEvent, SectionLink
from compare.runs.aligning import AlignmentError, run_alignment
from plans.models import Plan, Section

Y22, Y23, WC, HN = (
    "yunnan-2022-egov-plan",
    "yunnan-2023-digital-gov-programme",
    "wangcang-2023-digital-gov-plan",
    "hunan-13th-egov-plan",
)


def _plans(*slugs):
    return [Plan.objects.get(slug=s) for s in slugs]


def _run(*slugs, **kwargs) -> AlignmentRun:
    return run_alignment(_plans(*slugs), **kwargs)


def _call(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_a_run_stores_auto_links_with_scores_reasons_and_a_record(seeded):
    run = _run(Y22, HN)
    assert run.status == AlignmentRun.Status.DONE and run.finished_at and run.engine
    links = SectionLink.objects.filter(run=run)
    assert links.count() == run.stats["proposed"] > 20
    assert all(link.status == SectionLink.Status.AUTO for link in links)
    assert all(0 < link.score <= 1 and "对应" in link.reason for link in links)
    assert LinkEvent.objects.filter(run=run, action="proposed").count() == links.count()
    assert set(run.plans.values_list("slug", flat=True)) == {Y22, HN}


@pytest.mark.django_db
def test_a_run_reports_each_stage_and_which_pair_of_plans_it_is_on(seeded):
    steps: list[tuple[str, int, int]] = []
    _run(Y22, HN, WC, step=lambda stage, done, total: steps.append((stage, done, total)))
    stages = [stage for stage, _, _ in steps]
    assert list(dict.fromkeys(stages)) == [
        "reading",
        "weighting",
        "aligning",
        "candidates",
        "selecting",
        "storing",
    ]
    per_pair = [step for step in steps if step[0] in ("candidates", "selecting")]
    assert per_pair == [(stage, i, 3) for i in (1, 2, 3) for stage in ("candidates", "selecting")]
    run = AlignmentRun.objects.get()
    assert run.progress_note == "done" and run.stage


@pytest.mark.django_db
def test_rerunning_keeps_confirmed_rejected_and_manual_links(seeded):
    user = get_user_model().objects.create_user("curator")
    _run(Y22, WC)
    auto = list(SectionLink.objects.order_by("-score")[:3])
    confirmed, rejected, edited = auto
    SectionLink.objects.filter(pk=confirmed.pk).update(status="confirmed", decided_by=user)
    SectionLink.objects.filter(pk=rejected.pk).update(status="rejected", decided_by=user)
    SectionLink.objects.filter(pk=edited.pk).update(note="checked by hand", status="confirmed")
    y22, wc = _plans(Y22, WC)
    left = Section.objects.filter(plan=y22).order_by("order").last()
    right = Section.objects.filter(plan=wc).order_by("order").first()
    manual = SectionLink.objects.create(
        left=min(left, right, key=lambda s: s.pk),
        right=max(left, right, key=lambda s: s.pk),
        status="manual",
        score=1.0,
    )

    run = _run(Y22, WC)

    assert SectionLink.objects.get(pk=confirmed.pk).status == "confirmed"
    assert SectionLink.objects.get(pk=rejected.pk).status == "rejected"
    assert SectionLink.objects.get(pk=edited.pk).note == "checked by hand"
    assert SectionLink.objects.get(pk=manual.pk).status == "manual"
    assert run.stats["kept_human"] == 4
    pair = (rejected.left_id, rejected.right_id)
    assert SectionLink.objects.filter(left_id=pair[0], right_id=pair[1]).count() == 1
    assert not LinkEvent.objects.filter(run=run, left_id=pair[0], right_id=pair[1]).exists()


@pytest.mark.django_db
def test_rerunning_withdraws_auto_links_the_engine_no_longer_finds(seeded):
    _run(Y22, HN)
    y22, hn = _plans(Y22, HN)
    a = Section.objects.filter(plan=y22, kind="attachment").first()
    b = Section.objects.filter(plan=hn).order_by("order").last()
    stale = SectionLink.objects.create(
        left=min(a, b, key=lambda s: s.pk),
        right=max(a, b, key=lambda s: s.pk),
        score=0.9,
        evidence={"shared": ["数据"], "title": 0.9, "content": 0.9, "support": 0},
    )
    run = _run(Y22, HN)
    assert not SectionLink.objects.filter(pk=stale.pk).exists()
    event = LinkEvent.objects.get(run=run, action="withdrawn")
    assert (event.left_id, event.right_id) == (stale.left_id, stale.right_id)
    assert event.before["score"] == 0.9
    # Kept so the history can word the reason in the reader's language.
    assert event.before["evidence"]["shared"] == ["数据"]
    assert run.stats["withdrawn"] == 1


@pytest.mark.django_db
def test_rerunning_without_changes_updates_in_place(seeded):
    first = _run(Y22, Y23)
    ids = set(SectionLink.objects.values_list("id", flat=True))
    second = _run(Y22, Y23)
    assert set(SectionLink.objects.values_list("id", flat=True)) == ids
    assert second.stats["proposed"] == 0 and second.stats["updated"] == first.stats["proposed"]


@pytest.mark.django_db
def test_a_plan_set_needs_two_different_plans(seeded):
    with pytest.raises(AlignmentError, match="two different plans"):
        _run(Y22, Y22)


@pytest.mark.django_db
def test_align_command_prints_progress_and_a_summary(seeded):
    out = _call("align", Y22, HN, WC)
    assert "aligning" in out and "human decisions kept" in out
    assert f"{HN}:" in out and "unique to it" in out


@pytest.mark.django_db
def test_align_command_names_unknown_plans_and_lists_known_ones(seeded):
    with pytest.raises(CommandError, match=f"unknown plan nowhere.*{Y22}"):
        _call("align", Y22, "nowhere")


@pytest.mark.django_db
def test_export_alignment_gives_the_agreed_json_oriented_to_the_first_plan(seeded):
    _run(Y22, HN)
    rows = json.loads(_call("export_alignment", HN, Y22))
    assert rows
    hn_ids = set(Section.objects.filter(plan__slug=HN).values_list("id", flat=True))
    for row in rows:
        assert set(row) == {"left", "right", "score", "status", "reason"}
        assert set(row["left"]) == {"id", "label", "title"}
        assert row["left"]["id"] in hn_ids and row["right"]["id"] not in hn_ids
        assert not row["left"]["title"].startswith(("(", "（")) or row["left"]["label"] == ""


@pytest.mark.django_db
def test_export_alignment_leaves_out_rejected_links_unless_asked(seeded):
    _run(Y22, HN)
    link = SectionLink.objects.first()
    SectionLink.objects.filter(pk=link.pk).update(status="rejected")
    shown = json.loads(_call("export_alignment", Y22, HN))
    every = json.loads(_call("export_alignment", Y22, HN, "--all"))
    assert len(every) == len(shown) + 1
    assert "rejected" not in {r["status"] for r in shown}


@pytest.mark.django_db
def test_evaluate_alignment_scores_stored_links_against_a_reference(seeded, tmp_path):
    _run(Y22, Y23)
    reference = tmp_path / "pairs.tsv"
    reference.write_text(
        "planA\trefA\tplanB\trefB\tstrength\tgroup_id\n"
        "A\t(二)建设集约高效的全省政务云\tB\t1.建设集约高效的全省政务云\tequivalent\tg1\n"
        "A\t1.制定电子政务标准。\tB\t“一网通办”。\tequivalent\tg2\n",
        encoding="utf-8",
    )
    out = _call("evaluate_alignment", str(reference), "--plan", f"A={Y22}", "--plan", f"B={Y23}")
    overall = next(line for line in out.splitlines() if line.startswith("overall"))
    judged, precision, recall, f1 = overall.split()[1:]
    assert float(recall) == 0.5
    assert float(precision) > 0
    brier = next(line for line in out.splitlines() if "Brier score of judged links" in line)
    assert 0.0 <= float(brier.split()[-1]) <= 1.0


@pytest.mark.django_db
def test_evaluate_alignment_explains_a_malformed_reference(seeded, tmp_path):
    reference = tmp_path / "bad.tsv"
    reference.write_text("planA\trefA\nA\tx\n", encoding="utf-8")
    with pytest.raises(CommandError, match="expected planA, refA, planB, refB, strength"):
        _call("evaluate_alignment", str(reference))


@pytest.mark.django_db
def test_evaluate_alignment_holds_out_groups_of_sections(seeded, tmp_path):
    reference = tmp_path / "pairs.tsv"
    reference.write_text(
        "planA\trefA\tplanB\trefB\tstrength\tgroup_id\n"
        "A\t(二)建设集约高效的全省政务云\tB\t1.建设集约高效的全省政务云\tequivalent\tg1\n"
        "A\t1.制定电子政务标准。\tB\t“一网通办”。\tequivalent\tg2\n"
        "A\t第四章 保障措施\tB\t四、保障措施\tequivalent\tg3\n"
        "A\t一、指导思想\tB\t(一)指导思想\tequivalent\tg4\n"
        "A\t第二章 总体要求\tB\t一、总体要求\tequivalent\tg5\n",
        encoding="utf-8",
    )
    plans = ("--plan", f"A={Y22}", "--plan", f"B={Y23}")
    out = _call(
        "evaluate_alignment", str(reference), *plans, "--cross-validate", "--leave-groups", "2"
    )
    assert "leave groups of sections out, 2 parts" in out
    assert "part 1: threshold" in out
    assert any(line.startswith("overall") for line in out.splitlines())
    assert "Brier score of held-out links:" in out


@pytest.mark.django_db
def test_evaluate_alignment_says_when_a_part_leaves_nothing_to_fit_on(seeded, tmp_path):
    reference = tmp_path / "pairs.tsv"
    reference.write_text(
        "planA\trefA\tplanB\trefB\tstrength\tgroup_id\n"
        "A\t(二)建设集约高效的全省政务云\tB\t1.建设集约高效的全省政务云\tequivalent\tg1\n",
        encoding="utf-8",
    )
    plans = ("--plan", f"A={Y22}", "--plan", f"B={Y23}")
    with pytest.raises(CommandError, match="use fewer parts"):
        _call(
            "evaluate_alignment", str(reference), *plans, "--cross-validate", "--leave-groups", "2"
        )


@pytest.mark.django_db
def test_evaluate_alignment_says_leave_groups_needs_cross_validation(seeded, tmp_path):
    reference = tmp_path / "pairs.tsv"
    reference.write_text("planA\trefA\tplanB\trefB\tstrength\nA\tx\tB\ty\tequivalent\n")
    with pytest.raises(CommandError, match="--leave-groups N needs --cross-validate"):
        _call("evaluate_alignment", str(reference), "--leave-groups", "3")


@pytest.mark.django_db
def test_decisions_made_while_a_run_aligns_are_kept_by_what_it_stores(seeded):
    curator = get_user_model().objects.create_user("curator")
    _run(Y22, HN)
    y22, hn = _plans(Y22, HN)
    a = Section.objects.filter(plan=y22, kind="attachment").first()
    b = Section.objects.filter(plan=hn).order_by("order").last()
    unfound = SectionLink.objects.create(  # a pair the engine does not propose
        left=min(a, b, key=lambda s: s.pk), right=max(a, b, key=lambda s: s.pk), score=0.9
    )
    found = SectionLink.objects.order_by("-score").first()  # one it proposes again
    found_pair = (found.left, found.right)
    found.delete()
    decided = []

    def curator_meanwhile(stage: str, done: int, total: int) -> None:
        # The run has read the links between its plans; a curator's decisions land before it
        # stores its own (minutes, on large plans).
        if stage == "aligning" and not decided:
            decided.append(reject_link(unfound, actor=curator))
            decided.append(add_manual_link(*found_pair, actor=curator))

    run = _run(Y22, HN, step=curator_meanwhile)

    assert run.status == AlignmentRun.Status.DONE
    assert SectionLink.objects.get(pk=unfound.pk).status == "rejected"  # not withdrawn
    assert SectionLink.objects.get(pk=decided[1].pk).status == "manual"
    assert not LinkEvent.objects.filter(run=run, action="withdrawn").exists()
    assert run.stats["withdrawn"] == 0 and run.stats["kept_human"] == 2


@pytest.mark.django_db
def test_a_run_settled_as_dead_while_it_aligned_stores_nothing_and_stays_failed(seeded):
    def swept_meanwhile(stage: str, done: int, total: int) -> None:
        # Its heartbeat was starved (a database locked for a minute): a sweep failed the run
        # and queued a new one, which will store the links.
        if stage == "aligning":
            AlignmentRun.objects.filter(status="running").update(
                status="failed", error="the worker stopped responding"
            )

    with pytest.raises(AlignmentError, match="settled meanwhile"):
        _run(Y22, HN, step=swept_meanwhile)

    run = AlignmentRun.objects.get()
    assert run.status == "failed" and run.error == "the worker stopped responding"
    assert not SectionLink.objects.exists() and not LinkEvent.objects.exists()


@pytest.mark.django_db
def test_a_run_settled_meanwhile_says_why_the_sweep_settled_it(seeded, settings):
    # As `manage.py align` on large plans meets its limit: the sweep fails it as too long, and
    # the console is told that, not that its worker went silent.
    def overran(stage: str, done: int, total: int) -> None:
        if stage == "aligning":
            AlignmentRun.objects.filter(status="running").update(
                status="failed", error="the job ran longer than its limit of 1800 s"
            )

    with pytest.raises(AlignmentError) as raised:
        _run(Y22, HN, step=overran)

    assert "ran longer than its limit of 1800 s" in str(raised.value)
    assert "no heartbeat" not in str(raised.value)
