"""Round seventeen harness: one to several, competition on the narrower end (issue 29, item 2).

Run from the worktree root, on round sixteen's database (migrate, load_seeds, then ``import_plan
tests/data/coverage-references/docs/2022-12-26-fujian.markdown``; meaning vectors stored on first
use):

    DUIZHAO_SHARED_DIR=/work/shared SQLITE_PATH=... \
        .venv/bin/python tools/experiments/round17_harness.py [GLm] [NB] [NL] [NH] [NS]

Round sixteen's figures (dev held out by pair and by group, second, third, links >= 0.8, the
three-plan rows, the coefficients fitted on all of dev) and the fifth reference's figure (FJ, BT
and Y23 aligned together with what each variant fitted on dev alone: held out for every variant,
figures only). Variants, declared in docs/experiments-meaning.md (seventeenth round):

- NB: ``best_ratio``, ``best_ratio_squared`` and ``mutual`` computed on the narrower end's side
  only, the narrower end being the one whose subtree holds fewer characters (Profile.size); at
  equal sizes, or when the narrower end has no candidate left, -9's symmetric values. Refitted.
- NL: NB with the deeper end (Profile.level) as the narrower; at equal depths, -9's values.
- NH: -9's three symmetric features kept, NB's narrower-end ratio added as a 15th feature
  ``narrow_ratio``. Refitted.
- NS: -9's model; in the selection, a pair with p >= threshold that is its narrower end's
  likeliest pair stands whatever its broader end's best, up to K links per broader section.
"""

from __future__ import annotations

import contextlib
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import round10_harness as H  # noqa: E402
import round11_harness as R11  # noqa: E402
import round16_harness as R16  # noqa: E402  (registers rounds ten to sixteen)

from compare.alignment import engine  # noqa: E402
from compare.alignment import selection as sel  # noqa: E402
from compare.lib import validation as V  # noqa: E402

K = 3  # NS: a broader section keeps at most this many counterparts (issue 29: "two or three")

# Every profile built in the run, by section id (ids are the database's: unique across plans).
SIZE: dict[int, float] = {}
DEPTH: dict[int, int] = {}
# How the narrower end is told: "size" (fewer characters in the subtree) or "depth" (deeper).
MEASURE = ["size"]
_real_profiles = engine._profiles


def _profiles(plan, stats, settings):
    built = _real_profiles(plan, stats, settings)
    SIZE.update((sid, profile.size) for sid, profile in built.items())
    DEPTH.update((sid, profile.level) for sid, profile in built.items())
    return built


engine._profiles = _profiles  # registers only; the profiles are -9's


def narrower(a, b):
    """0 when a is the narrower end, 1 when b is, None when they cannot be told apart."""
    if MEASURE[0] == "depth":  # the deeper is the narrower
        sa, sb = -DEPTH.get(a, 0), -DEPTH.get(b, 0)
    else:
        sa, sb = SIZE.get(a), SIZE.get(b)
    if sa is None or sb is None or sa == sb:
        return None
    return 0 if sa < sb else 1


_real_rank = sel.rank


def rank_narrow(found, skip, *, replace_features=True):
    """-9's rank, then the narrower end's ratio and mutual (in place of -9's, or beside them)."""
    _real_rank(found, skip)
    best = (defaultdict(float), defaultdict(float))
    for (a, b), cand in found.items():
        if (a, b) not in skip:
            best[0][a] = max(best[0][a], cand.raw)
            best[1][b] = max(best[1][b], cand.raw)
    for (a, b), cand in found.items():
        side = narrower(a, b)
        features = cand.features
        own = best[side][(a, b)[side]] if side is not None else 0.0
        if side is None or own <= 0.0:
            ratio, mutual = features["best_ratio"], features["mutual"]
        else:
            ratio = min(cand.raw / own, 1.0)
            mutual = 1.0 if cand.raw >= own - 1e-12 else 0.0
        if replace_features:
            features["best_ratio"] = ratio
            features["best_ratio_squared"] = ratio * ratio
            features["mutual"] = mutual
        else:
            features["narrow_ratio"] = ratio


def _fresh():
    R16._FIFTH.clear()  # the fifth's candidates are made again under the variant


def rank_variant(replace_features, measure="size"):
    @contextlib.contextmanager
    def patch():
        _fresh()
        MEASURE[0] = measure

        def rank(found, skip):
            rank_narrow(found, skip, replace_features=replace_features)

        widen = contextlib.nullcontext() if replace_features else R11.widened("narrow_ratio")
        with widen, H.patched(sel, "rank", rank), H.patched(V, "rank", rank):
            yield
        R16._FIFTH.clear()
        MEASURE[0] = "size"

    return patch


_real_keep = sel.keep


def keep_narrow(scored, left, right, *, threshold, near_best, nested=True):
    """-9's keep, plus the pairs its near-best share left out on the broader end only."""
    kept = _real_keep(scored, left, right, threshold=threshold, near_best=near_best, nested=False)
    best = (defaultdict(float), defaultdict(float))
    for (a, b), p in scored.items():
        best[0][a] = max(best[0][a], p)
        best[1][b] = max(best[1][b], p)
    count = (defaultdict(int), defaultdict(int))
    for a, b in kept:
        count[0][a] += 1
        count[1][b] += 1
    extra = []
    for (a, b), p in scored.items():
        if (a, b) in kept or p < threshold:
            continue
        side = narrower(a, b)
        if side is None:
            continue
        ends = (a, b)
        if p < best[side][ends[side]] - 1e-12:  # not its narrower end's likeliest
            continue
        extra.append((-p, a, b, 1 - side))
    for neg_p, a, b, broad in sorted(extra):
        end = (a, b)[broad]
        if count[broad][end] >= K:
            continue
        kept[(a, b)] = -neg_p
        count[broad][end] += 1
    if nested:
        kept = sel._without_nested(kept, left, right)
    return kept


@contextlib.contextmanager
def ns():
    _fresh()
    with H.patched(engine, "keep", keep_narrow):
        yield
    R16._FIFTH.clear()


H.VARIANTS.update(
    {
        "NB": (rank_variant(True), None),
        "NL": (rank_variant(True, "depth"), None),
        "NH": (rank_variant(False), None),
    }
)
H.VARIANTS["NS"] = (ns, None)
# Diagnostics declared after the four were measured (no rule applies): NB, NL and NH with the
# fit's GRID choice held at -9's fitted 0.6 / 0.5 (round fifteen's RCd, for this round).
H.VARIANTS.update(
    {
        "NBd": (R16.R15.at_settings(rank_variant(True)), None),
        "NLd": (R16.R15.at_settings(rank_variant(True, "depth")), None),
        "NHd": (R16.R15.at_settings(rank_variant(False)), None),
    }
)


def main(argv):
    wanted = [a for a in argv if not a.startswith("--")] or ["GLm", "NB", "NL", "NH", "NS"]
    R16.main(wanted, fifth_inside=True)


if __name__ == "__main__":
    main(sys.argv[1:])
