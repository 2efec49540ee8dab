"""The compare admin, a module per model admin.

Django's autodiscover imports this package only: importing the modules registers their admins.
"""

from __future__ import annotations

from compare.admin import coverage, events, links, notes, runs, saved_comparisons  # noqa: F401
