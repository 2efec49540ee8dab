"""Round nineteen harness: which of the fifth reference's rows to fit on (issue 29).

Run from the worktree root, on round sixteen's database (migrate, load_seeds, then ``import_plan
tests/data/coverage-references/docs/2022-12-26-fujian.markdown``; meaning vectors stored on first
use):

    DUIZHAO_SHARED_DIR=/work/shared SQLITE_PATH=... \
        .venv/bin/python tools/experiments/round19_harness.py [GLm] [E5] [E5p] [R5]

Round sixteen's figures and set-up, round eighteen's weighted fit and GRID choice, imported.
Variants, declared in docs/experiments-meaning.md (nineteenth round); each replaces every call of
``validation.fit`` (each fold of both cross-validations, the fit on all of dev), the fifth's Y23
keyed ``Y23~5`` as in D5 (its rows always in the fit, never in a test fold):

- E5: dev + the fifth's judged candidate rows, less those whose ends the fifth names as a
  ``related`` pair (left out of the fit, neither right nor wrong); unweighted; threshold and
  near-best over GRID on dev's pairs alone.
- E5p: E5's coefficients; GRID on the pooled pairs (dev's and the fifth's, scored as ``evaluate``
  scores them).
- R5: E5's rows, the fifth's weighted n_dev / n_fifth (n_fifth after the ``related`` rows are
  left out); GRID on dev's pairs alone.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import round10_harness as H  # noqa: E402
import round16_harness as R16  # noqa: E402  (registers rounds ten to sixteen)
import round18_harness as R18  # noqa: E402  (registers round eighteen)

from compare.lib import validation as V  # noqa: E402

LOG: list = []  # per fit: (n_dev, n_fifth kept, n_fifth left out, weight of a fifth row)


def _without_related(data5, reference5):
    """The fifth's judged candidate rows and labels, less those it names as ``related``."""
    related = {p.key for p in reference5 if p.strength == "related"}
    rows, labels, left_out = [], [], 0
    for pair in data5.values():
        for row, label, (a, b) in zip(pair.rows, pair.labels, pair.ends, strict=True):
            if frozenset({a, b}) in related:
                left_out += 1
                continue
            rows.append(row)
            labels.append(label)
    return rows, labels, left_out


def equivalent_only(*, weighted, choose_on_dev):
    """A variant's ``validation.fit``: coefficients on dev + the fifth's rows less its
    ``related`` pairs (weighted n_dev / n_fifth when ``weighted``), GRID on dev's pairs alone or
    on the pooled pairs."""

    @contextlib.contextmanager
    def patch():
        reference5, _, data5, names5 = R16.fifth_data(R16.STATS[0], R16.APART)
        rows5, labels5, left_out = _without_related(data5, reference5)

        def fit(data, names, reference, settings, *, unseen=frozenset()):
            rows, labels = R18._rows(data, unseen)
            if not rows:
                raise ValueError("no judged candidate is left to fit on")
            share = len(rows) / len(rows5) if weighted else 1.0
            LOG.append((len(rows), len(rows5), left_out, share, sum(labels5)))
            weights = [1.0] * len(rows) + [share] * len(rows5)
            coefficients = R18.weighted_fit([*rows, *rows5], [*labels, *labels5], weights)
            if choose_on_dev:
                return R18._choose(data, names, reference, settings, coefficients, unseen)
            return R18._choose(
                {**data, **data5},
                {**names, **names5},
                [*reference, *reference5],
                settings,
                coefficients,
                unseen,
            )

        with H.patched(V, "fit", fit):
            yield

    return patch


H.VARIANTS.update(
    {
        "E5": (equivalent_only(weighted=False, choose_on_dev=True), None),
        "E5p": (equivalent_only(weighted=False, choose_on_dev=False), None),
        "R5": (equivalent_only(weighted=True, choose_on_dev=True), None),
    }
)


def main(argv):
    for name in argv or ["GLm", "E5", "E5p", "R5"]:
        LOG.clear()
        R16.main([name])
        if LOG:  # the last fit of a variant is the one on all of dev
            n_dev, n5, left_out, share, right5 = LOG[-1]
            print(
                f"  {name}: fit on all of dev: dev rows {n_dev}, fifth rows kept {n5} "
                f"({right5} right), left out (related) {left_out}, weight of a fifth row "
                f"{share:.4f}",
                flush=True,
            )


if __name__ == "__main__":
    main(sys.argv[1:])
