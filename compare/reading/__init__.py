"""A comparison as read on its page: rows, marks, diffs and their HTML (database and rendering)."""
