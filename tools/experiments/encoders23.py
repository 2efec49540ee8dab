"""Round twenty-three harness: does another encoder tell counterparts apart better than USE?

Run from the worktree root, on a copy of round twenty-two's database (seeds loaded):

    DUIZHAO_SHARED_DIR=/work/shared SQLITE_PATH=... \
        .venv/bin/python tools/experiments/encoders23.py texts /tmp/enc23/texts.json
    <python with the encoder> tools/experiments/encoders23_encode.py NAME texts.json NAME.npz
    DUIZHAO_SHARED_DIR=/work/shared SQLITE_PATH=... \
        .venv/bin/python tools/experiments/encoders23.py auc /tmp/enc23/*.npz

``texts`` writes the title and the "title + first 200 characters" text (``meaning.texts``) of
every section of the nine seed plans. ``auc`` reads one .npz per encoder and prints, for the
second and the third references (never fitted on), declared in docs/experiments-meaning.md
(twenty-third round):

- *equivalent vs random*: the reference's ``equivalent`` pairs against three random section
  pairs of the same two plans for each (numpy ``default_rng(23)``, pairs the reference judges
  excluded), as round one's unseen-part AUC; title cosine and content cosine, and rapidfuzz's
  ``token_set_ratio`` of the titles as the floor.
- *judged candidates*: the rows -9's candidate search proposes whose ends the reference names
  (right = ``equivalent`` or ``related``), as round twenty-two's content AUC; title and content.

and each encoder's cost (load, ms per section for title and content, dimensions).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402
import round10_harness as H  # noqa: E402
import round16_harness as R16  # noqa: E402
import round22_harness as R22  # noqa: E402

from compare.alignment import Settings  # noqa: E402
from compare.lib import meaning  # noqa: E402
from compare.lib.evaluation import EQUIVALENT  # noqa: E402
from compare.runs import aligning  # noqa: E402
from plans.models import Plan  # noqa: E402
from plans.parsing.text import fold  # noqa: E402

SEEDS = 9  # the seed plans are the first nine loaded (ids 1-9); the fifth's Fujian plan is not
RANDOM_PER_PAIR = 3
SEED = 23


def texts(out, wanted=None):
    """The texts of the seed plans' sections, or of the plans whose ids are ``wanted``."""
    sections = []
    plans = Plan.objects.filter(id__in=wanted) if wanted else Plan.objects.filter(id__lte=SEEDS)
    for plan in plans.order_by("id"):
        made = meaning.texts(aligning.sections_of(plan))
        for sid, (title, content) in made.items():
            sections.append({"id": sid, "plan": plan.slug, "title": title, "content": content})
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    Path(out).write_text(json.dumps({"sections": sections}, ensure_ascii=False), encoding="utf-8")
    print(len(sections), "sections written")


def _random_pairs(reference, plans):
    """(a id, b id, label): each equivalent pair (1) and three random pairs of its plans (0)."""
    rng = np.random.default_rng(SEED)
    ids = {key: {fold(s.label + s.title): s.id for s in plan} for key, plan in plans.items()}
    judged = {p.key for p in reference}
    out = []
    for p in reference:
        if p.strength != EQUIVALENT:
            continue
        out.append((ids[p.plan_a][p.ref_a], ids[p.plan_b][p.ref_b], 1))
        left, right = list(plans[p.plan_a]), list(plans[p.plan_b])
        drawn = 0
        while drawn < RANDOM_PER_PAIR:
            a = left[rng.integers(len(left))]
            b = right[rng.integers(len(right))]
            ends = frozenset(
                {(p.plan_a, fold(a.label + a.title)), (p.plan_b, fold(b.label + b.title))}
            )
            if ends in judged:
                continue
            out.append((a.id, b.id, 0))
            drawn += 1
    return out


def _titles(plans):
    return {s.id: s.title for plan in plans.values() for s in plan}


def auc(paths):
    from rapidfuzz import fuzz

    encoders = {}
    for path in paths:
        data = np.load(path)
        at = {int(i): k for k, i in enumerate(data["ids"])}
        encoders[Path(path).stem] = (data, at)
    stats = R16.seed_stats()  # the rounds' term statistics: every seed section, not Fujian's
    lines = []
    for label, path in (("second", H.SECOND), ("third", H.THIRD)):
        reference, plans = H.plans_for(path)
        plans = H.sections(plans)
        rand = _random_pairs(reference, plans)
        with R22.adapted(None):
            rows = [
                (a, b, y)
                for rs in R22.judged_rows(plans, reference, stats, Settings()).values()
                for a, b, y, _ in rs
            ]
        title = _titles(plans)
        floor = [fuzz.token_set_ratio(title[a], title[b]) for a, b, _ in rand]
        y_rand = [y for *_, y in rand]
        y_rows = [y for *_, y in rows]
        lines.append(
            f"{label}: {sum(y_rand)} equivalent vs {len(rand) - sum(y_rand)} random; "
            f"{len(rows)} judged candidates ({sum(y_rows)} right); "
            f"token_set_ratio (titles, equivalent vs random) {R22._auc(floor, y_rand):.3f}"
        )
        for name, (data, at) in encoders.items():
            got = []
            for pairs, ys in ((rand, y_rand), (rows, y_rows)):
                for field in ("titles", "contents"):
                    v = data[field]
                    cos = [float(v[at[a]] @ v[at[b]]) for a, b, _ in pairs]
                    got.append(R22._auc(cos, ys))
            lines.append(
                f"  {name:<12} equivalent vs random: title {got[0]:.3f} content {got[1]:.3f}; "
                f"judged candidates: title {got[2]:.3f} content {got[3]:.3f}"
            )
    lines.append("cost (nine seed plans, one thread):")
    for name, (data, _) in encoders.items():
        lines.append(
            f"  {name:<12} {int(data['dimensions'])}-d, load {float(data['load_seconds']):.1f} s, "
            f"{1000 * float(data['seconds_per_section']):.1f} ms per section"
        )
    print("\n".join(lines))


if __name__ == "__main__":
    if sys.argv[1] == "texts":
        texts(sys.argv[2], [int(i) for i in sys.argv[3:]])
    else:
        auc(sys.argv[2:])
