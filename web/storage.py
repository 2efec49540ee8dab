"""Static files under hashed names (far-future cached) with gzip and brotli variants."""

from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """`collectstatic` writes each file under a name carrying a hash of its content, which
    whitenoise serves with a ten-year max-age, and `.gz`/`.br` variants beside it. Where nothing
    was collected (tests, `make run`: files come from the app folders through the finders) names
    stay plain instead of failing for want of a manifest; a manifest that lacks a file still
    fails, so a stale collection is noticed."""

    def stored_name(self, name: str) -> str:
        if not self.hashed_files:
            return name
        return super().stored_name(name)
