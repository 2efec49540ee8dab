"""The address a comparison is shown and shared at: the live comparison's, or a saved one's,
with the state a reader set in its query."""

from __future__ import annotations

from django.urls import reverse

# What a reader may change on a saved comparison's address (the row in focus, how rows show).
SAVED_OVERRIDES = ("row", "rowmode", "mode")


def shared_address(form, saved) -> str:
    """The canonical address of what ``form`` shows (the raw form's query put in order), on the
    saved comparison's address when it is one."""
    address = saved.get_absolute_url() if saved else reverse("compare:compare")
    query = form.query(**saved_state(form)) if saved else form.query()
    return f"{address}?{query}" if query else address


def saved_state(form) -> dict:
    """On a saved comparison's address only what a reader may change differs from the saved."""
    return {key: None for key in form.STATE if key not in SAVED_OVERRIDES}


def saved_initial(form, plans) -> dict:
    """What saving the comparison keeps: its plans, and the state a reader set but the plans."""
    return {"plans": ",".join(p.slug for p in plans), "query": form.query(plans="")}
