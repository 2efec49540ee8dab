"""Alignment benchmark: seed pairs beside rapidfuzz's all-pairs floor, then synthetic scale.

    .venv/bin/python bench/align.py            # everything (20k takes a few minutes)
    .venv/bin/python bench/align.py --sizes 1000 5000

Prints figures only; nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from compare.alignment import AlignSection, Settings, align, prepare, term_stats  # noqa: E402
from compare.alignment.candidates import mutual_nearest  # noqa: E402
from compare.lib import meaning  # noqa: E402
from compare.lib.engine_input import parsed_sections  # noqa: E402
from plans.parsing import parse_plan  # noqa: E402

SEEDS = ROOT / "seeds"
PLANS = {
    "Y22": "000_76b0fc0e2e956a49.txt",
    "Y23": "004_cc9bc0bda87098e7.txt",
    "WC": "002_a0e705bd97436a9a.txt",
    "HN": "003_dd87d9a963713ff9.txt",
}


def load(name: str, key: str, first_id: int) -> list[AlignSection]:
    parsed = parse_plan((SEEDS / name).read_bytes(), filename=name)
    return parsed_sections(parsed, plan=key, first_id=first_id)


def catalogue() -> list[list[AlignSection]]:
    files = sorted(p.name for p in SEEDS.iterdir() if p.suffix in (".txt", ".markdown"))
    return [load(name, name, 100_000 * (n + 1)) for n, name in enumerate(files)]


def timed(fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def seed_figures() -> None:
    from rapidfuzz import fuzz, process

    plans = {key: load(name, key, 10_000 * (n + 1)) for n, (key, name) in enumerate(PLANS.items())}
    stats = term_stats(s for plan in catalogue() for s in plan)
    align([plans["Y22"], plans["Y23"]], stats=stats)  # warm jieba-free caches and imports
    print("Seed plans (warm, best of 3)")
    print(f"{'plans':<16}{'sections':>10}{'pairs':>9}{'align ms':>10}{'links':>7}{'cdist ms':>10}")
    for a, b in itertools.combinations(PLANS, 2):
        left, right = plans[a], plans[b]
        result = align([left, right], stats=stats)
        seconds = timed(lambda left=left, right=right: align([left, right], stats=stats))
        texts_l = [s.title + s.body for s in left]
        texts_r = [s.title + s.body for s in right]
        floor = timed(
            lambda tl=texts_l, tr=texts_r: process.cdist(tl, tr, scorer=fuzz.ratio, workers=1)
        )
        print(
            f"{a + '-' + b:<16}{len(left) + len(right):>10}{len(left) * len(right):>9}"
            f"{seconds * 1000:>10.1f}{len(result.links):>7}{floor * 1000:>10.1f}"
        )
    everything = list(plans.values())
    seconds = timed(lambda: align(everything, stats=stats))
    pairs = sum(len(x) * len(y) for x, y in itertools.combinations(everything, 2))
    links = len(align(everything, stats=stats).links)
    print(
        f"{'all four':<16}{sum(map(len, everything)):>10}{pairs:>9}{seconds * 1000:>10.1f}"
        f"{links:>7}"
    )
    # The counterpart groups across the set (groups.py) beside the pairwise selection alone.
    pairwise = Settings(group_floor=1.1, group_mutual_floor=1.1)
    alone = timed(lambda: align(everything, stats=stats, settings=pairwise))
    links = len(align(everything, stats=stats, settings=pairwise).links)
    print(f"{'  no groups':<16}{'':>10}{'':>9}{alone * 1000:>10.1f}{links:>7}")
    meaning_figures(plans, stats)


def meaning_figures(plans: dict[str, list[AlignSection]], stats) -> None:
    """What meaning costs: encoding each section once (at its first alignment, then stored),
    and aligning a pair with stored vectors beside the same pair by words alone."""
    start = time.perf_counter()
    meaning._encoder().encode(["政务云"])  # the weights are read at the first encoding
    load = time.perf_counter() - start
    encoded = {}
    start = time.perf_counter()
    for key, plan in plans.items():
        stored = meaning.encode(plan)
        encoded[key] = [
            dataclasses.replace(s, meaning=meaning.from_bytes(stored[s.id])) for s in plan
        ]
    seconds = time.perf_counter() - start
    count = sum(map(len, plans.values()))
    print()
    print(
        f"Meaning (USE, one thread): model load {load:.2f} s; {count} sections encoded in "
        f"{seconds:.1f} s, {seconds / count * 1000:.1f} ms per section (title and content)"
    )
    print(
        f"{'plans':<16}{'words ms':>10}{'+meaning ms':>13}{'nearest ms':>12}"
        f"{'links':>7}{'+meaning':>10}"
    )
    words = Settings(meaning=False)
    for a, b in itertools.combinations(PLANS, 2):
        plain = [plans[a], plans[b]]
        given = [encoded[a], encoded[b]]
        base = timed(lambda x=plain: align(x, stats=stats, settings=words))
        more = timed(lambda x=given: align(x, stats=stats))
        left, right = (prepare(plan, stats, Settings()) for plan in given)
        nearest = timed(lambda x=left, y=right: mutual_nearest(x, y))
        links = len(align(plain, stats=stats, settings=words).links)
        print(
            f"{a + '-' + b:<16}{base * 1000:>10.1f}{more * 1000:>13.1f}{nearest * 1000:>12.1f}"
            f"{links:>7}{len(align(given, stats=stats).links):>10}"
        )


def synthetic(size: int, seed: int, key: str, pool: list[list[AlignSection]]) -> list[AlignSection]:
    """A plan of ``size`` sections: real plans' tree shapes filled with random real sections."""
    rng = random.Random(seed)
    by_kind: dict[str, list[AlignSection]] = {}
    for plan in pool:
        for s in plan:
            by_kind.setdefault(s.kind, []).append(s)
    out: list[AlignSection] = []
    shapes = itertools.cycle(pool)
    while len(out) < size:
        shape = next(shapes)
        base = len(out)
        first = shape[0].id
        for s in shape:
            if len(out) >= size:
                break
            source = rng.choice(by_kind[s.kind])
            parent = None if s.parent is None else base + (s.parent - first)
            out.append(
                AlignSection(
                    id=base + (s.id - first) + (1_000_000 if key == "right" else 0),
                    plan=key,
                    parent=None
                    if parent is None or parent >= size
                    else parent + (1_000_000 if key == "right" else 0),
                    order=len(out),
                    depth=s.depth,
                    kind=s.kind,
                    label=s.label,
                    title=source.title,
                    body=source.body,
                    title_tokens=source.title_tokens,
                    body_tokens=source.body_tokens,
                )
            )
    return out


def scale_run(size: int) -> dict:
    pool = catalogue()
    left = synthetic(size, 1, "left", pool)
    right = synthetic(size, 2, "right", pool)
    stats = term_stats(itertools.chain(left, right))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    result = align([left, right], stats=stats)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    figures = {"size": size, "seconds": seconds, "links": len(result.links)}
    figures |= {"peak_mib": peak / 1024, "before_mib": before / 1024}
    if size <= 5000:
        from rapidfuzz import fuzz, process

        texts_l = [s.title + s.body for s in left]
        texts_r = [s.title + s.body for s in right]
        start = time.perf_counter()
        process.cdist(texts_l, texts_r, scorer=fuzz.ratio, workers=1, dtype="uint8")
        figures["cdist_seconds"] = time.perf_counter() - start
    return figures


def scale_figures(sizes: list[int]) -> None:
    print()
    print("Synthetic plans (real tree shapes filled with real sections), one process per size")
    print(
        f"{'sections/side':>14}{'pairs':>15}{'align s':>10}{'s per 1M pairs':>16}"
        f"{'links':>8}{'peak MiB':>10}{'cdist s':>10}"
    )
    baseline = None
    for size in sizes:
        out = subprocess.run(
            [sys.executable, __file__, "--one", str(size)],
            capture_output=True,
            text=True,
            check=True,
        )
        figures = json.loads(out.stdout.strip().splitlines()[-1])
        pairs = size * size
        cdist = figures.get("cdist_seconds")
        if cdist is None and baseline:
            cdist_text = f"~{baseline * pairs:.0f} est"
        else:
            cdist_text = f"{cdist:.1f}" if cdist is not None else "-"
            if cdist is not None:
                baseline = cdist / pairs
        print(
            f"{size:>14}{pairs:>15,}{figures['seconds']:>10.1f}"
            f"{figures['seconds'] / pairs * 1e6:>16.3f}{figures['links']:>8}"
            f"{figures['peak_mib']:>10.0f}{cdist_text:>10}"
        )
    print("cdist: rapidfuzz fuzz.ratio over all pairs on one core (estimated past 5k from 5k).")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 5000, 20000])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(scale_run(args.one)))
        return
    seed_figures()
    scale_figures(args.sizes)


if __name__ == "__main__":
    main()
