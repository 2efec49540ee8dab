"""correct_section: staff correct a section's text in the admin, and what the importer derived
from that text follows it, as a re-import would."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from plans.citing import store_citations
from plans.importing import store_targets
from plans.lib.duties import read_duties
from plans.lib.tokenizing import simplified_and_tokens
from plans.models import Section

TEXT_FIELDS = {"title", "body"}


def correct_section(section: Section, *, changed: Iterable[str]) -> None:
    """Save ``section``; when its title or body is among the ``changed`` fields, store again its
    simplified text, tokens and duties, the plan's citations and targets, and clear the meaning
    vectors that read the old text (made again at the plan's next alignment)."""
    changed = set(changed)
    with transaction.atomic():
        if "title" in changed:
            section.title_simplified, section.title_tokens = simplified_and_tokens(
                section.title, limit=500
            )
        if "body" in changed:
            section.body_simplified, section.body_tokens = simplified_and_tokens(section.body)
        if not changed & TEXT_FIELDS:
            section.save()
            return
        duties = read_duties(section.title + "\n" + section.body)
        section.duties = duties.as_dict() if duties else None
        section.save()  # drops the meaning vectors that read the old text (Section.save)
        plan = section.plan
        texts = Section.objects.filter(plan=plan).order_by("order").values_list("title", "body")
        store_citations(plan, texts)
        store_targets(plan)
