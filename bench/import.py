"""Import every document of seeds/ into a fresh temporary SQLite database and print timings.

Per file: size, sections, parse time, the whole import (parse, simplify, segment, store), and
beside it what jieba alone takes to segment the same text (``plans.lib.tokenizing.tokenize`` over
the document's simplified text, dictionary already loaded). Then the corpus PDFs: pages per
second read from a text layer and through OCR, beside the text import. Prints figures, asserts
nothing.

    .venv/bin/python bench/import.py      (or: make bench)
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    folder = tempfile.mkdtemp(prefix="duizhao-bench-")
    os.environ.pop("DATABASE_URL", None)
    os.environ["SQLITE_PATH"] = str(Path(folder) / "bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from plans.importing import import_plan
    from plans.lib.seed_catalogue import CATALOGUE_FILE, read_catalogue, seed_files
    from plans.lib.tokenizing import tokenize
    from plans.parsing import parse_plan
    from plans.parsing.text import to_simplified

    call_command("migrate", verbosity=0)
    seeds = Path(settings.SEEDS_DIR)
    catalogue = read_catalogue(seeds / CATALOGUE_FILE)
    known = catalogue.jurisdictions
    tokenize(to_simplified("预热：載入詞典"))  # load jieba and OpenCC once, before any timing

    print(f"Duizhao import benchmark: {seeds} into a temporary SQLite database")
    header = f"{'file':42} {'KiB':>6} {'chars':>7} {'sections':>8} "
    header += f"{'parse ms':>9} {'import ms':>10} {'jieba ms':>9} {'import/jieba':>12}"
    print(header)
    print("-" * len(header))
    totals = {"size": 0, "chars": 0, "sections": 0, "parse": 0.0, "total": 0.0, "jieba": 0.0}
    for path in seed_files(seeds, catalogue):
        data = path.read_bytes()
        entry = catalogue.documents.get(path.name)
        overrides = entry.overrides if entry else None

        started = time.perf_counter()
        parsed = parse_plan(data, filename=path.name, max_bytes=settings.IMPORT_MAX_BYTES)
        parse = time.perf_counter() - started

        started = time.perf_counter()
        result = import_plan(
            data=data, source=path.name, overrides=overrides, known_jurisdictions=known
        )
        total = time.perf_counter() - started

        simplified = to_simplified(parsed.text)
        started = time.perf_counter()
        tokenize(simplified)
        jieba = time.perf_counter() - started

        sections = result.plan.sections.count()
        row = {
            "size": len(data),
            "chars": len(parsed.text),
            "sections": sections,
            "parse": parse,
            "total": total,
            "jieba": jieba,
        }
        for key, value in row.items():
            totals[key] += value
        print(_line(path.name, row))
    print("-" * len(header))
    print(_line(f"total ({len(seed_files(seeds, catalogue))} files)", totals))
    chars_per_s = totals["chars"] / totals["total"] if totals["total"] else 0
    print(f"import throughput: {chars_per_s / 1000:.0f}k chars/s")
    _pdf_figures(chars_per_s)
    connection.close()
    shutil.rmtree(folder, ignore_errors=True)


def _pdf_figures(text_chars_per_s: float) -> None:
    """Pages per second reading the corpus PDFs (the steering repository's shared/corpus/pdf/
    and task-tables/): text layers, then the scan through OCR."""
    from django.conf import settings

    from plans.parsing import parse_plan
    from plans.parsing._pdf import ocr_available, pdf_text

    corpus = Path(settings.SHARED_DIR) / "corpus"
    found = [*corpus.glob("pdf/*.pdf"), *corpus.glob("task-tables/*.pdf")]
    pdfs = sorted(found, key=lambda path: path.name)
    print()
    if not pdfs:
        print(f"no PDFs under {corpus}: set DUIZHAO_SHARED_DIR to the steering repo's shared/")
    print(f"{'PDF':42} {'pages':>5} {'chars':>7} {'read ms':>8} {'parse ms':>9} {'pages/s':>8}")
    sums = {"text": [0, 0, 0.0], "ocr": [0, 0, 0.0]}  # pages, chars, seconds
    for path in pdfs:
        data = path.read_bytes()
        started = time.perf_counter()
        try:
            read = pdf_text(data)
        except ValueError as exc:
            print(f"{path.name[:42]:42} skipped: {exc}")
            continue
        took = time.perf_counter() - started
        started = time.perf_counter()
        # What OCR read is given back, as an import confirmed after its preview does: the
        # parse column is the parse alone, with no second OCR.
        parse_plan(data, filename=path.name, recognised=read.recognised)
        parse = time.perf_counter() - started
        kind = "ocr" if read.ocr_pages else "text"
        sums[kind][0] += read.pages
        sums[kind][1] += len(read.text)
        sums[kind][2] += took
        print(
            f"{path.name[:42]:42} {read.pages:5d} {len(read.text):7d} {took * 1000:8.1f} "
            f"{parse * 1000:9.1f} {read.pages / took:8.1f}"
        )
    print(f"text import (above): {text_chars_per_s / 1000:.0f}k chars/s")
    for kind, label in (("text", "PDF text layer"), ("ocr", "PDF through OCR")):
        pages, chars, took = sums[kind]
        if took:
            print(
                f"{label}: {pages / took:.1f} pages/s ({chars / took / 1000:.0f}k chars/s, "
                "reading only)"
            )
        elif kind == "ocr" and not ocr_available():
            print(f"{label}: tesseract-ocr-chi-sim not installed (make system-deps)")


def _line(name: str, row: dict) -> str:
    ratio = row["total"] / row["jieba"] if row["jieba"] else float("nan")
    return (
        f"{name[:42]:42} {row['size'] / 1024:6.1f} {row['chars']:7d} {row['sections']:8d} "
        f"{row['parse'] * 1000:9.1f} {row['total'] * 1000:10.1f} {row['jieba'] * 1000:9.1f} "
        f"{ratio:11.1f}x"
    )


if __name__ == "__main__":
    main()
