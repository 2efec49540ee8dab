"""Round ten: the held-out links a variant gains and loses against GLm, by kind (dev by plan
pair and by group; second and third), each marked right (equivalent/related), wrong (both ends
named, no pair) or unnamed."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import round10_harness as H  # noqa: E402

from compare.alignment import Settings, term_stats  # noqa: E402
from compare.lib import validation as V  # noqa: E402
from compare.lib.evaluation import references_by_plan  # noqa: E402
from compare.runs import aligning  # noqa: E402
from plans.parsing.text import fold  # noqa: E402


def links_of(name, stats, dev, set3, refs3):
    patch, change = H.VARIANTS[name]
    d, s3 = dev, set3
    if change is not None:
        d, s3 = (dev[0], change(dev[1])), change(set3)
    out = {}
    with patch():
        for label, fn, kw in (
            ("pair", V.cross_validate, {}),
            ("group", V.cross_validate_groups, {"folds": 5}),
        ):
            _, collected = H.cv_links(fn, d[1], d[0], stats, **kw)
            parts = V.section_folds(d[0], 5)
            out[label] = {
                frozenset((a, b)): p
                for number, links in enumerate(collected)
                for a, b, p in links
                if label == "pair" or parts.get(a) == number
            }
        settings = Settings()
        data = V.prepare(d[1], d[0], stats, settings)
        names = {s.id: fold(s.label + s.title) for plan in d[1].values() for s in plan}
        chosen, coefficients, _ = V.fit(data, names, d[0], settings)
        for label, ref in refs3:
            d2 = V.prepare(s3, ref, stats, settings)
            n2 = {s.id: fold(s.label + s.title) for plan in s3.values() for s in plan}
            out[label] = {
                frozenset((a, b)): p for a, b, p in V.predict(d2, n2, chosen, coefficients)
            }
    return out


def main(variant):
    dev_ref, dev_plans = H.plans_for(H.DEV)
    second_ref, p2 = H.plans_for(H.SECOND)
    third_ref, p3 = H.plans_for(H.THIRD)
    stats = term_stats(aligning.catalogue())
    dev = (dev_ref, H.sections(dev_plans))
    set3 = H.sections({**p2, **p3})
    refs3 = (("second", second_ref), ("third", third_ref))
    base = links_of("GLm", stats, dev, set3, refs3)
    other = links_of(variant, stats, dev, set3, refs3)
    refs = {"pair": dev_ref, "group": dev_ref, "second": second_ref, "third": third_ref}
    for label in ("pair", "group", "second", "third"):
        ref = refs[label]
        kinds = {p.key: p.strength for p in ref}
        named = references_by_plan(ref)
        for sign, links, against in (("+", other, base), ("-", base, other)):
            for key in sorted(links[label].keys() - against[label].keys(), key=str):
                a, b = sorted(key)
                if a[1] not in named.get(a[0], ()) or b[1] not in named.get(b[0], ()):
                    kind = "unnamed"
                else:
                    kind = kinds.get(key, "WRONG")
                print(
                    f"{label} {sign} {links[label][key]:.2f} {kind:10} {a[0]} {a[1][:24]} | "
                    f"{b[0]} {b[1][:24]}"
                )


main(sys.argv[1])
