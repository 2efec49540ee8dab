"""One plan against the catalogue: a stored index, candidate plans, chunks as jobs."""

from __future__ import annotations

import re

import pytest
from django.core.management import CommandError, call_command

from compare.alignment import AlignSection, align, term_stats
from compare.lib.catalogue_index import CatalogueIndex, build_index, candidates, chunked
from tests.seeds import load_seeds

Y22 = "yunnan-2022-egov-plan"


def _section(sid, plan, title, tokens, parent=None, depth=0):
    return AlignSection(
        id=sid, plan=plan, parent=parent, order=sid, depth=depth, kind="chapter", label="",
        title=title, body="", title_tokens=tuple(tokens), body_tokens=(),
    )  # fmt: skip


def _toy() -> list[list[AlignSection]]:
    words = [f"词{i}" for i in range(12)]
    plans = []
    for p in range(6):
        plans.append(
            [
                _section(p * 10 + 1, f"p{p}", "共同", ["共同", "规划"]),
                _section(p * 10 + 2, f"p{p}", "独有", ["规划", words[p], words[p + 6]]),
            ]
        )
    plans.append([_section(99, "q", "查询", ["共同", "规划", words[2], words[8]])])
    return plans


@pytest.mark.parametrize(
    ("keys", "size", "expected"),
    [
        (list("abcde"), 2, [["a", "d"], ["b", "e"], ["c"]]),
        (list("abcd"), 4, [["a", "b", "c", "d"]]),
        ([], 3, []),
    ],
)
def test_chunks_spread_the_plans_evenly(keys, size, expected):
    assert chunked(keys, size) == expected


def test_the_index_holds_the_catalogue_statistics_and_survives_storing():
    plans = _toy()
    index = build_index(iter(plans))
    again = CatalogueIndex.loads(index.dumps())

    expected = term_stats(s for plan in plans for s in plan)
    assert again.stats.documents == expected.documents == 13
    assert dict(again.stats.frequency) == dict(expected.frequency)
    assert again.plans == 7
    assert "规划" not in again.postings  # in every section: informs nothing
    assert again.postings["词2"] == ["p2", "q"]


def test_candidates_are_the_plans_sharing_informative_terms_with_the_query():
    plans = _toy()
    index = build_index(plans)
    assert candidates(plans[-1], index)[:1] == ["p2"]  # 词2 and 词8
    assert "q" not in candidates(plans[-1], index)


def test_a_damaged_index_says_to_build_it_again():
    from compare.lib.catalogue_index import CatalogueIndexError

    with pytest.raises(CatalogueIndexError, match="build it again"):
        CatalogueIndex.loads(b"not an index")


@pytest.mark.django_db
def test_a_plan_against_the_catalogue_finds_the_links_of_aligning_each_pair(seeded):
    from compare.catalogue.running import _plan_sections, _rows, current_index, run_chunks_here
    from compare.models import CatalogueMatch
    from plans.models import Plan, Section

    plan = Plan.objects.get(slug=Y22)
    run = run_chunks_here(plan, chunk=3)

    assert run.status == "done" and run.chunks == 3 and run.chunks_done == 3
    stats = CatalogueIndex.loads(bytes(current_index().data)).stats
    query = _plan_sections(plan.pk)
    expected = set()
    for other in Plan.objects.exclude(pk=plan.pk):
        sections = list(_rows(Section.objects.filter(plan=other)))
        expected |= {
            (link.left, link.right) for link in align([query, sections], stats=stats).links
        }
    found = set(CatalogueMatch.objects.filter(run=run).values_list("section", "other"))
    assert found == expected and len(found) > 100
    assert run.links == len(found)


@pytest.mark.django_db
def test_the_index_is_built_once_and_again_only_when_the_catalogue_changes(seeded):
    from compare.catalogue.running import current_index

    first = current_index()
    assert current_index().pk == first.pk
    call_command("make_catalogue", 2, seed=1)
    assert current_index().pk != first.pk


def test_chunks_are_jobs_that_workers_take_from_the_queue(transactional_db):
    from compare.catalogue.running import start_catalogue_run
    from compare.models import CatalogueRun
    from plans.models import Plan

    load_seeds()
    run = start_catalogue_run(Plan.objects.get(slug=Y22), chunk=2)
    assert CatalogueRun.objects.get(pk=run.pk).status == "queued" and run.chunks == 0

    call_command("worker", batch=True, verbosity=0)

    run.refresh_from_db()
    assert run.status == "done" and run.chunks == run.chunks_done == 4 and run.links > 100


def test_the_run_builds_the_index_in_its_first_job_and_says_so(transactional_db, monkeypatch):
    from compare.catalogue import running as catalogue
    from compare.models import CatalogueIndex, CatalogueRun
    from plans.models import Plan

    load_seeds()
    seen = []

    def build_index(plans):  # what the run says while the index is being built
        seen.append(CatalogueRun.objects.values_list("status", "stage", "index").get())
        return real(plans)

    real = catalogue.build_index
    monkeypatch.setattr(catalogue, "build_index", build_index)
    run = catalogue.start_catalogue_run(Plan.objects.get(slug=Y22), chunk=2)
    assert not seen and not CatalogueIndex.objects.exists()
    assert (run.status, run.stage, run.index) == ("queued", "", None)

    call_command("worker", batch=True, verbosity=0)

    assert seen == [("running", "index", None)]
    run.refresh_from_db()
    assert run.index == CatalogueIndex.objects.get() and run.stage == "aligning"
    assert run.status == "done" and run.chunks == run.chunks_done == 4


@pytest.mark.django_db
def test_an_unknown_plan_is_refused_with_where_to_look(seeded):
    with pytest.raises(CommandError, match="list_plans"):
        call_command("align_catalogue", "nowhere")


@pytest.mark.django_db
def test_the_command_says_what_it_aligned(seeded):
    from io import StringIO

    out = StringIO()
    call_command("align_catalogue", Y22, "--here", "--chunk", "4", stdout=out)
    text = out.getvalue()
    assert "8 candidate plans in 2 chunks" in text
    assert re.search(r"done: \d+ links to [1-8] plans", text)
