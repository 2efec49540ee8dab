"""The plans admin, a module per part: places and eras, plans (with the import and its preview
in ``importing``), sections and targets.

Django's autodiscover imports this package only: importing the modules registers their admins.
"""

from __future__ import annotations

from plans.admin import documents, places, sections  # noqa: F401
