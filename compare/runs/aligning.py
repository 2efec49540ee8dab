"""run_alignment: align a set of plans and store the links, keeping every human decision."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from compare.alignment import ENGINE, AlignSection, Link, align, term_stats
from compare.curating import link_state
from compare.lib import meaning
from compare.lib.engine_input import COLUMNS, engine_section
from compare.models import AlignmentRun, LinkEvent, SectionLink, plan_set_key
from plans.models import Plan, Section
from web.jobqueue import Heartbeat

logger = logging.getLogger(__name__)


class AlignmentError(ValueError):
    """A plan set that cannot be aligned as asked; the message says what to fix."""


def run_alignment(
    plans: Sequence[Plan],
    *,
    actor=None,
    progress: Callable[[str], None] | None = None,
    run: AlignmentRun | None = None,
    step: Callable[[str, int, int], None] | None = None,
) -> AlignmentRun:
    """Align ``plans`` (two or more) and store the result as ``auto`` links.

    Only ``auto`` links are replaced: confirmed, rejected and manual links stay as people left
    them, and a rejected pair is never proposed again. Every proposal and withdrawal is recorded
    as a LinkEvent of the run. ``progress`` gets sentences for a console; ``step`` gets
    (stage, sections done, sections in all) for a progress bar, stages being ``reading``,
    ``weighting``, ``aligning``, ``storing`` and ``done``; in between, the engine's
    ``candidates`` and ``selecting`` come with (pair of plans, pairs in all) instead.
    """
    say = progress or (lambda message: None)
    mark = step or (lambda stage, done, total: None)
    plans = list(dict.fromkeys(plans))
    if len(plans) < 2:
        raise AlignmentError("alignment needs at least two different plans.")
    if run is None:
        key = plan_set_key(plans)
        try:
            with transaction.atomic():
                run = AlignmentRun.objects.create(plan_key=key, started_by=actor)
                run.plans.set(plans)
        except IntegrityError:
            busy = AlignmentRun.objects.filter(plan_key=key).active().first()
            raise AlignmentError(
                f"run #{busy.pk if busy else '?'} for these plans is already queued or under "
                "way; wait for it to finish (its page shows the progress) and run this again."
            ) from None
    run.status = AlignmentRun.Status.RUNNING
    run.engine = ENGINE
    run.save(update_fields=["status", "engine"])
    try:
        # A worker that dies mid-run stops beating: compare.runs.jobs.reap_dead_runs settles it.
        with Heartbeat(AlignmentRun, run.pk, limit=settings.JOB_LIMIT_ALIGN_SECONDS):
            say(f"reading {len(plans)} plans")
            total = Section.objects.filter(plan__in=plans).count()
            inputs = []
            for plan in plans:
                mark("reading", sum(map(len, inputs)), total)
                encoded = store_meaning(plan)
                if encoded:
                    say(f"  {plan.slug}: {encoded} sections encoded (stored for later runs)")
                inputs.append(sections_of(plan))
            say("weighting terms over the whole catalogue")
            mark("weighting", 0, total)
            stats = term_stats(catalogue())
            existing = list(SectionLink.objects.between(plans))
            rejected = [
                (link.left_id, link.right_id)
                for link in existing
                if link.status == SectionLink.Status.REJECTED
            ]
            say(f"aligning {sum(len(s) for s in inputs)} sections")
            mark("aligning", 0, total)
            result = align(inputs, stats=stats, exclude=rejected, progress=mark)
            say(f"storing {len(result.links)} links")
            mark("storing", total, total)
            counts = _store(run, result.links, plans, actor=actor)
    except Exception as exc:
        # Unless a sweep settled the run meanwhile: what it says (and its new run) stands.
        run.status = AlignmentRun.Status.FAILED
        run.error = f"{type(exc).__name__}: {exc}"
        run.finished_at = timezone.now()
        _still_running(run).update(status=run.status, error=run.error, finished_at=run.finished_at)
        raise
    run.status = AlignmentRun.Status.DONE
    run.finished_at = timezone.now()
    run.stats = {**counts, "rows": len(result.rows), "sections": result.stats["sections"]}
    run.progress_note, run.progress_done, run.progress_total = "done", total, total
    fields = ["status", "finished_at", "stats", "progress_note", "progress_done"]
    _still_running(run).update(**{name: getattr(run, name) for name in [*fields, "progress_total"]})
    say(
        "done: {proposed} new, {updated} updated, {withdrawn} withdrawn, "
        "{kept_human} human decisions kept".format(**counts)
    )
    return run


def _still_running(run: AlignmentRun):
    return AlignmentRun.objects.filter(pk=run.pk, status=AlignmentRun.Status.RUNNING)


def sections_of(plan: Plan) -> list[AlignSection]:
    """A plan's sections as the engine takes them, in document order, with their stored
    meaning vectors."""
    sections = Section.objects.filter(plan=plan).order_by("order")
    return list(engine_sections(sections, with_meaning=True))


def engine_sections(
    sections, *, plan_field: str = "plan__slug", with_meaning: bool = False
) -> Iterator[AlignSection]:
    """Section rows as the engine reads them, each plan keyed by ``plan_field`` (as text);
    their meaning vectors only ``with_meaning`` (2 KB a section: not for the whole catalogue)."""
    extra = ("meaning",) if with_meaning else ()
    rows = sections.values_list(plan_field, *COLUMNS, *extra).iterator(chunk_size=2000)
    for plan, *values in rows:
        stored = values.pop() if with_meaning else None
        yield engine_section(str(plan), values, stored)


def store_meaning(plan: Plan) -> int:
    """Encode and store the meaning vectors of ``plan``'s sections that have none (a plan's
    first alignment after import) or whose vectors no longer fit their text, and the vectors of
    their sentences likewise; how many sections were encoded. Nothing with ALIGN_BY_MEANING
    off."""
    if not settings.ALIGN_BY_MEANING:
        return 0
    plan_sections = list(engine_sections(Section.objects.for_plan(plan)))
    missing, unsaid = _stale_meaning(plan, meaning.fingerprints(plan_sections))
    if not missing and not unsaid:
        return 0
    made = meaning.encode(plan_sections, missing) if missing else {}
    said = meaning.encode_sentences(plan_sections, unsaid) if unsaid else {}
    rows = [Section(id=sid, meaning=vectors) for sid, vectors in made.items()]
    Section.objects.bulk_update(rows, ["meaning"], batch_size=500)
    rows = [Section(id=sid, sentence_meaning=vectors) for sid, vectors in said.items()]
    Section.objects.bulk_update(rows, ["sentence_meaning"], batch_size=500)
    return len(missing | unsaid)


def _stale_meaning(plan: Plan, prints: dict[int, bytes]) -> tuple[set[int], set[int]]:
    """The ids of ``plan``'s sections whose vectors, and whose sentence vectors, are to be
    made: absent, or made from other text than the section's now (their stored digest,
    ``meaning.made_from``, differs from the text's ``prints``), whatever changed the text."""
    missing, unsaid = set(), set()
    rows = Section.objects.filter(plan=plan).values_list(
        "id", "meaning", "sentence_meaning", "body_simplified"
    )
    for sid, stored, said, body in rows.iterator(chunk_size=500):
        if meaning.made_from(stored) != prints[sid]:
            missing.add(sid)
            unsaid.add(sid)  # the text both are made from changed: neither is to be trusted
        elif meaning.sentences_from_bytes(said, len(meaning.sentences(body))) is None:
            unsaid.add(sid)
    return missing, unsaid


def catalogue():
    """Every stored section, as term statistics need them (tokens only)."""
    for title_tokens, body_tokens in Section.objects.values_list(
        "title_tokens", "body_tokens"
    ).iterator(chunk_size=2000):
        yield engine_section("", (0, None, 0, 0, "", "", "", "", title_tokens, body_tokens))


def _store(run: AlignmentRun, links: list[Link], plans: list[Plan], *, actor) -> dict[str, int]:
    wanted = {tuple(sorted((link.left, link.right))): link for link in links}
    counts = {"proposed": 0, "updated": 0, "withdrawn": 0, "kept_human": 0}
    events: list[LinkEvent] = []
    with transaction.atomic():
        # A run a sweep failed meanwhile (its heartbeat starved for JOB_DEAD_AFTER_SECONDS, or
        # stopped at its time limit) stores nothing: a run queued again stores the links. Locked,
        # so no sweep settles it from here on.
        if not _still_running(run).select_for_update().exists():
            why = AlignmentRun.objects.filter(pk=run.pk).values_list("error", flat=True).first()
            raise AlignmentError(
                f"run #{run.pk} was settled meanwhile by the sweep of dead jobs ({why}); its"
                " links were not stored."
            )
        # The links as they are now, locked until this commits (in one order, so that two runs
        # sharing plans never deadlock): a curator's decision made while the engine worked,
        # minutes on large plans, is kept, never withdrawn or overwritten by what the run read.
        now = SectionLink.objects.between(plans).order_by("pk").select_for_update(of=("self",))
        by_pair = {(link.left_id, link.right_id): link for link in now}
        for pair, stored in by_pair.items():
            if stored.is_human:
                counts["kept_human"] += 1
                continue
            if pair not in wanted:
                events.append(
                    _event(stored, LinkEvent.Action.WITHDRAWN, run, actor=actor, before=stored)
                )
                counts["withdrawn"] += 1
        withdrawn = [
            stored.pk
            for pair, stored in by_pair.items()
            if not stored.is_human and pair not in wanted
        ]
        LinkEvent.objects.bulk_create(events)
        SectionLink.objects.filter(pk__in=withdrawn).delete()
        new_links, changed = [], []
        for pair, link in wanted.items():
            stored = by_pair.get(pair)
            if stored is None:
                new_links.append(
                    SectionLink(
                        left_id=pair[0],
                        right_id=pair[1],
                        score=link.score,
                        reason=link.reason,
                        evidence=dict(link.evidence),
                        run=run,
                    )
                )
            elif not stored.is_human:
                stored.score, stored.reason, stored.run = link.score, link.reason, run
                stored.evidence = dict(link.evidence)
                changed.append(stored)
        fields = ["score", "reason", "evidence", "run"]
        SectionLink.objects.bulk_update(changed, fields, batch_size=500)
        counts["updated"] = len(changed)
        created = SectionLink.objects.bulk_create(new_links, batch_size=500)
        if not created or created[0].pk is None:  # backends that return no keys
            created = list(SectionLink.objects.filter(run=run, status=SectionLink.Status.AUTO))
            created = [c for c in created if (c.left_id, c.right_id) not in by_pair]
        LinkEvent.objects.bulk_create(
            [
                _event(link, LinkEvent.Action.PROPOSED, run, actor=actor, after=link)
                for link in created
            ],
            batch_size=500,
        )
        counts["proposed"] = len(created)
    return counts


def _event(link: SectionLink, action: str, run: AlignmentRun, *, actor, before=None, after=None):
    return LinkEvent(
        actor=actor,
        link=None if action == LinkEvent.Action.WITHDRAWN else link,
        left_id=link.left_id,
        right_id=link.right_id,
        action=action,
        run=run,
        before=link_state(before),
        after=link_state(after),
    )
