"""Sentence vectors are made once per section, at its first alignment, and kept while its text
is the text they were made from."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from django.db import connection

from compare.lib import meaning
from compare.runs.aligning import run_alignment, sections_of, store_meaning
from plans.importing import import_plan
from plans.models import Plan, Section

Y22, HN = "yunnan-2022-egov-plan", "hunan-13th-egov-plan"
SEEDS = Path(__file__).resolve().parents[3] / "seeds"


class _Encoder:
    """Stands in for USE: a vector from the text's length, and a count of texts encoded."""

    def __init__(self):
        self.texts = 0
        self.seen: list[str] = []

    def encode(self, texts):
        self.texts += len(texts)
        self.seen += texts
        out = np.zeros((len(texts), meaning.DIMENSIONS), dtype=np.float32)
        for row, text in enumerate(texts):
            out[row, len(text) % meaning.DIMENSIONS] = 1.0
        return out


@pytest.fixture
def encoder(monkeypatch, settings):
    settings.ALIGN_BY_MEANING = True
    fake = _Encoder()
    monkeypatch.setattr(meaning, "_encoder", lambda: fake)
    return fake


@pytest.mark.django_db
def test_a_plans_first_alignment_stores_its_vectors_and_later_runs_encode_nothing(seeded, encoder):
    plans = [Plan.objects.get(slug=s) for s in (Y22, HN)]
    stored = Section.objects.filter(plan__in=plans)
    said = sum(
        len(meaning.sentences(body)) for body in stored.values_list("body_simplified", flat=True)
    )

    run_alignment(plans)
    # A title and a content text each, and each sentence of their own text.
    assert encoder.texts == 2 * stored.count() + said
    assert not stored.filter(meaning__isnull=True).exists()
    assert not stored.filter(sentence_meaning__isnull=True).exists()
    assert all(s.meaning is not None for s in sections_of(plans[0]))

    run_alignment(plans)
    assert encoder.texts == 2 * stored.count() + said


@pytest.mark.django_db
def test_each_sentence_of_a_sections_text_gets_a_vector_read_back_in_order(seeded, encoder):
    plan = Plan.objects.get(slug=Y22)
    store_meaning(plan)
    section = next(
        s
        for s in Section.objects.filter(plan=plan)
        if len(meaning.sentences(s.body_simplified)) > 1
    )
    said = meaning.sentences(section.body_simplified)
    vectors = meaning.sentences_from_bytes(section.sentence_meaning, len(said))
    # The stand-in encoder puts each text's length on an axis: the rows follow the sentences.
    assert [int(np.argmax(row)) for row in vectors] == [len(s) % meaning.DIMENSIONS for s in said]
    assert meaning.sentences_from_bytes(section.sentence_meaning, len(said) + 1) is None


@pytest.mark.django_db
def test_only_sections_without_vectors_are_encoded(seeded, encoder):
    plan = Plan.objects.get(slug=Y22)
    store_meaning(plan)
    Section.objects.filter(pk=Section.objects.filter(plan=plan).first().pk).update(meaning=None)
    assert store_meaning(plan) == 1


@pytest.mark.django_db
def test_sentence_vectors_no_longer_matching_their_text_are_made_again(seeded, encoder):
    plan = Plan.objects.get(slug=Y22)
    store_meaning(plan)
    section = next(
        s
        for s in Section.objects.filter(plan=plan)
        if len(meaning.sentences(s.body_simplified)) > 1
    )
    # An edit that left the vectors in place: one sentence more than they were made for.
    body = section.body_simplified + "新增一句话。"
    Section.objects.filter(pk=section.pk).update(body_simplified=body)

    assert store_meaning(plan) == 1
    section.refresh_from_db()
    vectors = meaning.sentences_from_bytes(section.sentence_meaning, len(meaning.sentences(body)))
    assert vectors is not None
    assert store_meaning(plan) == 0


@pytest.mark.django_db
def test_meaning_vectors_of_another_size_are_made_again(seeded, encoder):
    plan = Plan.objects.get(slug=Y22)
    store_meaning(plan)
    section = Section.objects.filter(plan=plan).first()
    Section.objects.filter(pk=section.pk).update(meaning=b"\0" * 8)

    assert store_meaning(plan) == 1
    section.refresh_from_db()
    assert meaning.from_bytes(section.meaning) is not None


@pytest.mark.django_db
def test_without_alignment_by_meaning_nothing_is_encoded(seeded, encoder, settings):
    settings.ALIGN_BY_MEANING = False
    assert store_meaning(Plan.objects.get(slug=Y22)) == 0
    assert encoder.texts == 0


@pytest.mark.django_db
def test_importing_a_plan_again_clears_its_vectors(seeded, encoder):
    plan = Plan.objects.get(slug=Y22)
    store_meaning(plan)
    assert Section.objects.filter(plan=plan, meaning__isnull=False).exists()
    import_plan(data=(SEEDS / plan.source).read_bytes(), source=plan.source, replace=True)
    assert not Section.objects.filter(plan=plan, meaning__isnull=False).exists()
    assert not Section.objects.filter(plan=plan, sentence_meaning__isnull=False).exists()


def _section_of_sentences(plan: Plan) -> Section:
    return next(
        s
        for s in Section.objects.filter(plan=plan, parent__isnull=False)
        if len(meaning.sentences(s.body_simplified)) > 1
    )


def _ancestors(section: Section) -> set[int]:
    return {section.parent_id, *_ancestors(section.parent)} if section.parent_id else set()


def _same_count_of_sentences(body: str) -> str:
    """The text with its first sentence's first character changed: as many sentences, as long."""
    first = meaning.sentences(body)[0]
    at = body.index(first)
    return body[:at] + ("甲" if first[0] != "甲" else "乙") + body[at + 1 :]


@pytest.mark.django_db
def test_vectors_of_text_changed_behind_the_models_back_are_made_again_at_the_same_count(
    seeded, encoder
):
    plan = Plan.objects.get(slug=Y22)
    store_meaning(plan)
    section = _section_of_sentences(plan)
    body = _same_count_of_sentences(section.body_simplified)
    with connection.cursor() as cursor:  # no model code runs: only the stored digest can tell
        table = Section._meta.db_table
        cursor.execute(f"UPDATE {table} SET body_simplified = %s WHERE id = %s", [body, section.pk])
    encoder.seen.clear()

    assert store_meaning(plan) >= 1
    assert set(meaning.sentences(body)) <= set(encoder.seen)
    assert store_meaning(plan) == 0


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["body", "body_simplified", "title", "title_simplified"])
def test_saving_a_sections_new_text_drops_its_vectors_and_the_meaning_of_those_above(
    seeded, encoder, field
):
    plan = Plan.objects.get(slug=Y22)
    store_meaning(plan)
    section = _section_of_sentences(plan)
    above = _ancestors(section)
    text = getattr(section, field)
    setattr(section, field, _same_count_of_sentences(text) if "body" in field else text + "改")
    section.save()

    section.refresh_from_db()
    assert (section.meaning, section.sentence_meaning) == (None, None)
    assert not Section.objects.filter(pk__in=above, meaning__isnull=False).exists()
    assert Section.objects.filter(plan=plan, meaning__isnull=False).exists()  # only those


@pytest.mark.django_db
def test_saving_a_section_without_changing_its_text_keeps_its_vectors(seeded, encoder):
    plan = Plan.objects.get(slug=Y22)
    store_meaning(plan)
    section = _section_of_sentences(plan)
    section.flags = ["mojibake"]
    section.save()

    section.refresh_from_db()
    assert section.meaning is not None and section.sentence_meaning is not None
    assert store_meaning(plan) == 0


@pytest.mark.django_db
@pytest.mark.parametrize("how", ["update", "bulk_update"])
def test_writing_text_in_bulk_drops_the_vectors_of_the_rows_written(seeded, encoder, how):
    plan = Plan.objects.get(slug=Y22)
    store_meaning(plan)
    section = _section_of_sentences(plan)
    body = _same_count_of_sentences(section.body_simplified)
    if how == "update":
        Section.objects.filter(pk=section.pk).update(body_simplified=body)
    else:
        section.body_simplified = body
        Section.objects.bulk_update([section], ["body_simplified"])

    section.refresh_from_db()
    assert (section.meaning, section.sentence_meaning) == (None, None)


@pytest.mark.django_db
def test_vectors_stored_without_the_digest_of_their_text_are_made_again_once(seeded, encoder):
    plan = Plan.objects.get(slug=Y22)
    store_meaning(plan)
    section = Section.objects.filter(plan=plan).first()
    title, content = meaning.from_bytes(section.meaning)
    Section.objects.filter(pk=section.pk).update(meaning=meaning.as_bytes(title, content))

    assert store_meaning(plan) == 1
    assert store_meaning(plan) == 0


def _move(section: Section, how: str, **place) -> None:
    if how == "save":
        for name, value in place.items():
            setattr(section, name, value)
        section.save()
    elif how == "update":
        Section.objects.filter(pk=section.pk).update(**place)
    else:
        for name, value in place.items():
            setattr(section, name, value)
        Section.objects.bulk_update([section], list(place))


@pytest.mark.django_db
@pytest.mark.parametrize("how", ["save", "update", "bulk_update"])
def test_moving_a_section_drops_the_meaning_of_those_above_its_old_and_its_new_place(
    seeded, encoder, how
):
    plan = Plan.objects.get(slug=Y22)
    store_meaning(plan)
    section = _section_of_sentences(plan)
    old_above = _ancestors(section)
    roots = Section.objects.filter(plan=plan, parent__isnull=True)
    new_parent = roots.exclude(pk__in=old_above).exclude(children=None).first()
    _move(section, how, parent=new_parent)

    section.refresh_from_db()
    assert section.parent_id == new_parent.pk
    above = old_above | {new_parent.pk}
    assert not Section.objects.filter(pk__in=above, meaning__isnull=False).exists()
    # Its own text and its children's did not change: its vectors are kept.
    assert section.meaning is not None and section.sentence_meaning is not None
    assert Section.objects.filter(plan=plan, meaning__isnull=False).exclude(pk=section.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("how", ["save", "update", "bulk_update"])
def test_reordering_a_section_drops_the_meaning_of_those_above_it(seeded, encoder, how):
    plan = Plan.objects.get(slug=Y22)
    store_meaning(plan)
    section = _section_of_sentences(plan)
    above = _ancestors(section)
    last = Section.objects.filter(plan=plan).order_by("-order").values_list("order", flat=True)[0]
    _move(section, how, order=last + 1)

    section.refresh_from_db()
    assert section.order == last + 1
    assert not Section.objects.filter(pk__in=above, meaning__isnull=False).exists()
    assert section.meaning is not None and section.sentence_meaning is not None


@pytest.mark.django_db
def test_saving_a_section_in_the_same_place_keeps_the_meaning_above_it(seeded, encoder):
    plan = Plan.objects.get(slug=Y22)
    store_meaning(plan)
    section = _section_of_sentences(plan)
    section.parent_id = section.parent_id
    section.order = section.order
    section.flags = ["mojibake"]
    section.save()

    assert not Section.objects.filter(pk__in=_ancestors(section), meaning=None).exists()
