"""Round twenty-four harness: e5 beside USE, each read on its own scale.

Run from the worktree root, on a copy of round twenty-three's database (USE vectors stored), with
round twenty-three's e5 vectors (``encoders23_encode.py e5``) named by ``ROUND23_E5``:

    OMP_NUM_THREADS=1 DUIZHAO_SHARED_DIR=/work/shared SQLITE_PATH=... \
        ROUND23_E5=/tmp/enc23/e5.npz:/tmp/enc23/e5-fujian.npz \
        .venv/bin/python tools/experiments/round24_harness.py [GLm] [EU] [EUz] [E2F]

Round twenty's lines (round sixteen's figures, three-plan rows, the fifth's figure, the
threshold / near-best of every fold), imported through round twenty-three's harness (EU is its
variant, run again as this round's check). Variants, declared in docs/experiments-meaning.md
(twenty-fourth round):

- EUz: wherever -9 reads meaning, the matrix of the plan pair's similarities (title cosines and
  content cosines for the candidates proposed by meaning; the centred, all-but-the-top cosines
  for the ``centred`` feature) is made once from USE's vectors and once from e5's; e5's matrix
  is z-scored over all its entries and put on USE's mean and s.d. of the same matrix, and the
  two are averaged. The sibling contrast, the mutual-nearest choice and the ground a link
  proposed by meaning gives are then -9's, on the averaged matrix.
- E2F: USE's features unchanged; e5's own ``centred`` (the same contrast, from e5's vectors
  alone) appended as a 15th feature, ``centred_e5``; -9's model refitted with it in each fold.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402
import round10_harness as H  # noqa: E402
import round11_harness as R11  # noqa: E402
import round15_harness as R15  # noqa: E402
import round16_harness as R16  # noqa: E402
import round20_harness as R20  # noqa: E402
import round23_harness as R23  # noqa: E402  (registers rounds ten to twenty-three)

from compare.alignment import candidates as C  # noqa: E402
from compare.alignment import engine as E  # noqa: E402
from compare.alignment.vectors import one_blas_thread  # noqa: E402

_REAL_CENTRED_SIMS = C._centred_sims


def _reading(name, make):
    """``make()`` with ``Profile.meaning`` giving the encoder ``name``'s vectors (None: USE's)."""
    before = R23.ACTIVE[0]
    R23.ACTIVE[0] = name
    try:
        return make()
    finally:
        R23.ACTIVE[0] = before


def _onto(e, u):
    """``e`` z-scored over all its entries, then put on ``u``'s mean and s.d."""
    spread = float(e.std())
    z = (e - e.mean()) / spread if spread > 0 else np.zeros_like(e)
    return z * float(u.std()) + float(u.mean())


def _joined(u, e):
    """USE's matrix and e5's on USE's scale, averaged."""
    return (u + _onto(e, u)) / 2.0


def _cosines(left, right, ids_a, ids_b, which, name):
    def make():
        ma = np.stack([left[a].meaning[which] for a in ids_a]).astype(np.float32)
        mb = np.stack([right[b].meaning[which] for b in ids_b]).astype(np.float32)
        with one_blas_thread():
            return ma @ mb.T

    return _reading(name, make)


def _nearest_z(left, right):
    """``candidates.nearest_in_meaning`` on EUz's averaged title and content matrices."""
    if not left or not right:
        return {}
    ids_a, ids_b = list(left), list(right)
    if any(left[a].meaning is None for a in ids_a) or any(right[b].meaning is None for b in ids_b):
        return {}
    titled_a = np.array([bool(left[a].section.title) for a in ids_a])
    titled_b = np.array([bool(right[b].section.title) for b in ids_b])
    both = titled_a[:, None] & titled_b[None, :]
    found = set()
    for which in (0, 1):  # title, content
        sims = _joined(
            _cosines(left, right, ids_a, ids_b, which, None),
            _cosines(left, right, ids_a, ids_b, which, "E5"),
        )
        among = np.where(both, sims, -np.inf) if which == 0 else sims
        best_b, best_a = among.argmax(axis=1), among.argmax(axis=0)
        found.update(
            (i, j)
            for i, j in enumerate(best_b.tolist())
            if best_a[j] == i and (which or both[i, j])
        )
    return {(ids_a[i], ids_b[j]): float(sims[i, j]) for i, j in found}


def _centred_sims_z(left, right):
    """``candidates._centred_sims`` for each encoder (on plain dicts, so no Profiles keeps one
    encoder's centred vectors for the other), averaged as EUz does."""
    u = _reading(None, lambda: _REAL_CENTRED_SIMS(dict(left), dict(right)))
    e = _reading("E5", lambda: _REAL_CENTRED_SIMS(dict(left), dict(right)))
    if u is None or e is None:
        return None
    return _joined(u[0], e[0]), u[1], u[2]


@contextlib.contextmanager
def euz():
    R23._load_e5()
    with (
        H.patched(E, "nearest_in_meaning", _nearest_z),
        H.patched(C, "nearest_in_meaning", _nearest_z),
        H.patched(C, "_centred_sims", _centred_sims_z),
    ):
        yield


def _e5_contrast(_kind, left, right, pairs):
    """e5's own ``centred`` for each pair (from e5's vectors alone)."""
    return _reading("E5", lambda: C.centred_contrasts(dict(left), dict(right), pairs))


_E2F = R11.variant("E2F", "centred_e5", _e5_contrast)


@contextlib.contextmanager
def e2f():
    R23._load_e5()
    with _E2F():
        yield


H.VARIANTS.update(
    {
        "EUz": (euz, None),
        "E2F": (e2f, None),
        # Diagnostics after the run (no rule applies): -9's fit on all of dev chose 0.6 / 0.5,
        # E2F's 0.55 / 0.5; each held at the other's, GRID one point in every fit.
        "E2Fd": (R15.at_settings(e2f), None),
        "GLmd": (R15.at_settings(H.VARIANTS["GLm"][0], 0.55, 0.5), None),
    }
)


def main(argv):
    if "--centred" in argv:  # round twenty-three's diagnostic, for EUz's averaged matrix
        R23.centred_diagnostic(("EUz",))
        return
    for name in argv or ["GLm", "EU", "EUz", "E2F"]:
        if name == "GLm":
            R20.main([name])
            continue
        # Round sixteen prints the fifth's figure after its patch is left: scored below, inside
        # the patch, instead (as rounds twenty-two and twenty-three).
        with H.patched(R16, "fifth_figure", lambda *_: "(the fifth: see the next line)"):
            R20.main([name])
        out = R20._FOLDS[-1]
        with H.VARIANTS[name][0]():
            print(f"  {name}: {R16.fifth_figure(R16.STATS[0], out['fitted'])}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
