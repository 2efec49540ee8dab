"""Every inline <style> and <script> a template writes carries the request's CSP nonce: without
it the browser drops the block silently (style-src and script-src allow 'self' and the nonce)."""

from __future__ import annotations

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
INLINE = re.compile(r"<(style|script)\b([^>]*)>", re.IGNORECASE)


def test_every_inline_style_and_script_in_a_template_carries_the_nonce():
    missing = [
        f"{path.relative_to(TEMPLATES)}: <{tag}{attrs}>"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for tag, attrs in INLINE.findall(path.read_text(encoding="utf-8"))
        if "src=" not in attrs and "request.csp_nonce" not in attrs
    ]
    assert missing == []
